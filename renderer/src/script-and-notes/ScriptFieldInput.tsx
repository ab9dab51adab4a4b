import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { SCRIPT_ANSWER_MAX_LENGTH, type ScriptField } from '../../../src/contract';
import { LimitedText } from '../shared/LimitedText';

/**
 * One input of a script page, named by its label for screen readers (and tests): a text box
 * (one line or several), a radio group for a choice or yes/no, a date picker. Answers are the
 * strings the script's branches compare against: the option, 'yes'/'no', or YYYY-MM-DD.
 */
export function ScriptFieldInput({ field, value, onChange }: { field: ScriptField; value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const mark = field.required ? (
    <span className="required" aria-hidden="true">
      {' '}
      *
    </span>
  ) : null;

  if (field.kind === 'choice' || field.kind === 'yesno') {
    const options =
      field.kind === 'choice'
        ? field.options.map((o) => ({ value: o, label: o }))
        : [
            { value: 'yes', label: t('script.yes') },
            { value: 'no', label: t('script.no') },
          ];
    return (
      <div className="script-field" role="radiogroup" aria-label={field.label} aria-required={field.required}>
        <span className="script-label" aria-hidden="true">
          {field.label}
          {mark}
        </span>
        <div className="script-options">
          {options.map((o) => (
            <label key={o.value}>
              <input type="radio" name={`${id}-${field.id}`} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
              {o.label}
            </label>
          ))}
        </div>
      </div>
    );
  }

  return (
    <label className="script-field" htmlFor={id}>
      <span className="script-label">
        {field.label}
        {mark}
      </span>
      {field.kind === 'date' ? (
        <input id={id} type="date" aria-label={field.label} aria-required={field.required} value={value} onChange={(e) => onChange(e.target.value)} />
      ) : field.multiline ? (
        <LimitedText multiline dir="auto" id={id} limit={SCRIPT_ANSWER_MAX_LENGTH} aria-label={field.label} aria-required={field.required} rows={3} value={value} onChange={onChange} />
      ) : (
        <LimitedText dir="auto" id={id} limit={SCRIPT_ANSWER_MAX_LENGTH} aria-label={field.label} aria-required={field.required} value={value} onChange={onChange} />
      )}
    </label>
  );
}
