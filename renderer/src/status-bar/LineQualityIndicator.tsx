import { useTranslation } from 'react-i18next';
import { useWorkstation, usePhone } from '../desk';
import { formatNumber } from '../i18n/format';
import { liveCalls } from '../phone/phone-store';
import { describeLine } from '../phone/stats/line-quality';

/**
 * The line's quality, always in view: during a call the call's own (WebRTC stats), otherwise the
 * path to the SIP server (keepalive pings). A poor line before the agent goes Available is said in
 * words beside it, so the agent fixes the line before a customer hears it.
 */
export function LineQualityIndicator() {
  const { t } = useTranslation();
  const line = usePhone((s) => s.line);
  const callQuality = usePhone((s) => liveCalls(s).find((c) => c.quality)?.quality ?? null);
  const presence = useWorkstation((s) => s.presence?.state);
  const level = callQuality?.level ?? line?.level ?? null;
  const title = callQuality
    ? t('line.thisCall', { mos: formatNumber(callQuality.mos, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })
    : line
      ? describeLine(line)
      : t('line.notMeasured');
  const warnBeforeAvailable = !callQuality && line?.level === 'poor' && presence !== 'Available' && presence !== 'Busy' && presence !== 'Wrap-up';
  return (
    <>
      <span role="status" aria-label={t('line.quality')} title={title} className={level ? `quality quality-${level}` : undefined}>
        {level ? t('line.shown', { level: t(`line.level.${level}`) }) : t('line.unknown')}
      </span>
      {warnBeforeAvailable && (
        <span role="alert" aria-label={t('line.warning')} className="warning">
          {t('line.poor', { rtt: line.rttMs === null ? t('line.noAnswers') : t('line.rttShort', { ms: line.rttMs }), loss: line.lossPercent })}
        </span>
      )}
    </>
  );
}
