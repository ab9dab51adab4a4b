import { useWorkstation, usePhone } from '../desk';
import { liveCalls } from '../phone/phone-store';
import { describeLine } from '../phone/stats/line-quality';

const LEVEL_WORDS = { good: 'good', fair: 'fair', poor: 'poor' } as const;

/**
 * The line's quality, always in view: during a call the call's own (WebRTC stats), otherwise the
 * path to the SIP server (keepalive pings). A poor line before the agent goes Available is said in
 * words beside it, so the agent fixes the line before a customer hears it.
 */
export function LineQualityIndicator() {
  const line = usePhone((s) => s.line);
  const callQuality = usePhone((s) => liveCalls(s).find((c) => c.quality)?.quality ?? null);
  const presence = useWorkstation((s) => s.presence?.state);
  const level = callQuality?.level ?? line?.level ?? null;
  const title = callQuality
    ? `This call: estimated MOS ${callQuality.mos.toFixed(1)}`
    : line
      ? describeLine(line)
      : 'Not measured yet: the phone measures its line while registered.';
  const warnBeforeAvailable = !callQuality && line?.level === 'poor' && presence !== 'Available' && presence !== 'Busy' && presence !== 'Wrap-up';
  return (
    <>
      <span role="status" aria-label="Line quality" title={title} className={level ? `quality quality-${level}` : undefined}>
        {level ? `Line: ${LEVEL_WORDS[level]}` : 'Line: –'}
      </span>
      {warnBeforeAvailable && (
        <span role="alert" aria-label="Line warning" className="warning">
          Your line is poor ({line.rttMs === null ? 'no answers' : `${line.rttMs} ms round trip`}, {line.lossPercent} % lost): customers may hear you badly. Check
          your connection before going Available.
        </span>
      )}
    </>
  );
}
