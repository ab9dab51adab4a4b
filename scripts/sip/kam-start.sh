#!/bin/bash
# Start Kamailio without systemd, in the background, with a PID file; wait until the WebSocket port listens.
# env: KAM_CFG, KAM_RUN (runtime dir + ctl socket), KAM_PID, KAM_LOG, WS_PORT, SIP_PORT, KAM_EXTRA (e.g. "-A RECHALLENGE")
here=$(cd "$(dirname "$0")" && pwd)
KAM_CFG=${KAM_CFG:-$here/../../tests/sip/kamailio.cfg}; KAM_RUN=${KAM_RUN:-/tmp/kamailio-test}
KAM_PID=${KAM_PID:-$KAM_RUN/kamailio.pid}; KAM_LOG=${KAM_LOG:-$KAM_RUN/kamailio.log}
WS_PORT=${WS_PORT:-8088}; SIP_PORT=${SIP_PORT:-5060}
mkdir -p "$KAM_RUN"
# -DD: main process not daemonized (we background it); -E: log to stderr
nohup kamailio -f "$KAM_CFG" -P "$KAM_PID" -DD -E -m 64 -M 8 \
  --substdef="!RUN_DIR!$KAM_RUN!g" -A "WS_PORT=$WS_PORT" -A "SIP_PORT=$SIP_PORT" ${KAM_EXTRA:-} >> "$KAM_LOG" 2>&1 &
# Poll densely: the recovery test measures re-registration from the moment this returns.
for i in $(seq 1 250); do
  if ss -lnt 2>/dev/null | grep -q "127.0.0.1:$WS_PORT "; then echo "kamailio up (pid $(cat "$KAM_PID" 2>/dev/null))"; exit 0; fi
  sleep 0.02
done
echo "kamailio did not come up"; tail -30 "$KAM_LOG"; exit 1
