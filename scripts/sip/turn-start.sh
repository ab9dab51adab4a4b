#!/bin/bash
# Start coturn (tests/sip/turnserver.conf) in the background with a PID file; wait until it listens.
# env: KAM_RUN (the namespace's runtime dir, shared with Kamailio), TURN_PORT
here=$(cd "$(dirname "$0")" && pwd)
KAM_RUN=${KAM_RUN:-/tmp/kamailio-test}; TURN_PORT=${TURN_PORT:-3478}
mkdir -p "$KAM_RUN"
nohup turnserver -c "$here/../../tests/sip/turnserver.conf" \
  >> "$KAM_RUN/turnserver.log" 2>&1 &
echo $! > "$KAM_RUN/turnserver.pid"
for i in $(seq 1 250); do
  if ss -lnu 2>/dev/null | grep -q "127.0.0.1:$TURN_PORT "; then echo "coturn up (pid $(cat "$KAM_RUN/turnserver.pid"))"; exit 0; fi
  sleep 0.02
done
echo "coturn did not come up"; tail -30 "$KAM_RUN/turnserver.log"; exit 1
