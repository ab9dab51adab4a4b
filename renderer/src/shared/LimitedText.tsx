import { useId, useLayoutEffect, useRef, useState, type ClipboardEvent, type InputHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { describeCut, fitPaste, limitCounter } from './text-limit';
import './text-limit.css';

type Common = {
  /** The contract's limit for this text (src/contract/shared/text-limits.ts). */
  limit: number;
  value: string;
  onChange: (value: string) => void;
};
type InputProps = Common & { multiline?: false } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'maxLength'>;
type AreaProps = Common & { multiline: true } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'maxLength'>;

/**
 * A text box that carries its contract limit: typing stops at it (maxLength), a counter shows
 * from 80 % of it, and a paste that does not fit keeps what fits and says what was cut (the
 * browser's own maxLength would cut it silently). What the agent already typed is never dropped.
 */
export function LimitedText(props: InputProps | AreaProps) {
  const { limit, value, onChange } = props;
  const counterId = useId();
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [cutNotice, setCutNotice] = useState<string | null>(null);
  const caret = useRef<number | null>(null);

  useLayoutEffect(() => {
    if (caret.current !== null && ref.current) ref.current.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  }, [value]);

  const counter = limitCounter(value.length, limit);
  const describedBy = [props['aria-describedby'], counter || cutNotice ? counterId : null].filter(Boolean).join(' ') || undefined;
  const shared = {
    ref,
    value,
    maxLength: limit,
    'aria-describedby': describedBy,
    onChange: (e: { target: { value: string } }) => {
      setCutNotice(null);
      onChange(e.target.value);
    },
    onPaste: (e: ClipboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      const pasted = e.clipboardData.getData('text/plain');
      const el = e.currentTarget;
      const start = el.selectionStart ?? value.length;
      const end = el.selectionEnd ?? start;
      const fitted = fitPaste(value, start, end, pasted, limit);
      if (!fitted.cut) return;
      e.preventDefault();
      caret.current = fitted.caret;
      setCutNotice(describeCut(fitted.cut, pasted.length, limit));
      onChange(fitted.value);
    },
  };

  let field;
  if (props.multiline) {
    const { limit: _l, value: _v, onChange: _o, multiline: _m, ...rest } = props;
    field = <textarea {...rest} {...shared} />;
  } else {
    const { limit: _l, value: _v, onChange: _o, multiline: _m, ...rest } = props;
    field = <input {...rest} {...shared} />;
  }
  return (
    <>
      {field}
      {(counter || cutNotice) && (
        <span id={counterId} className="text-limit">
          {counter && (
            <span className={value.length >= limit ? 'text-limit-count at-limit' : 'text-limit-count'} aria-live="polite">
              {counter}
            </span>
          )}
          {cutNotice && (
            <span role="alert" className="text-limit-cut">
              {cutNotice}
            </span>
          )}
        </span>
      )}
    </>
  );
}
