#!/bin/bash
# Stop the rtpengine started by rtpengine-start.sh, by its PID file only.
KAM_RUN=${KAM_RUN:-/tmp/kamailio-test}; PID_FILE=$KAM_RUN/rtpengine.pid
P=$(cat "$PID_FILE" 2>/dev/null) || exit 0
kill "$P" 2>/dev/null
for i in $(seq 1 30); do kill -0 "$P" 2>/dev/null || break; sleep 0.1; done
kill -0 "$P" 2>/dev/null && kill -9 "$P"
rm -f "$PID_FILE"
