#!/bin/bash
# Kill the Kamailio started by kam-start.sh the hard way (SIGKILL, what a crash looks like).
# SIGKILL on the main process alone leaves its worker children holding the listening sockets,
# so the workers are killed by their parent PID first, then the main process. Nothing else is touched.
KAM_RUN=${KAM_RUN:-/tmp/kamailio-test}; KAM_PID=${KAM_PID:-$KAM_RUN/kamailio.pid}
P=$(cat "$KAM_PID" 2>/dev/null) || { echo "no pid file $KAM_PID"; exit 0; }
kill -STOP "$P" 2>/dev/null
for c in $(pgrep -P "$P"); do kill -9 "$c" 2>/dev/null; done
kill -9 "$P" 2>/dev/null
# The main process may linger as a zombie of whoever started it; wait for the port instead.
WS_PORT=${WS_PORT:-8088}
for i in $(seq 1 50); do ss -lnt 2>/dev/null | grep -q "127.0.0.1:$WS_PORT " || break; sleep 0.05; done
rm -f "$KAM_PID"
