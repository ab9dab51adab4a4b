#!/bin/bash
# Send a signal to the Kamailio started by kam-start.sh and to its worker children only:
# STOP freezes the server with its sockets open (a hung SIP server), CONT thaws it.
# usage: kam-signal.sh STOP|CONT
KAM_RUN=${KAM_RUN:-/tmp/kamailio-test}; KAM_PID=${KAM_PID:-$KAM_RUN/kamailio.pid}
SIG=${1:?usage: kam-signal.sh STOP|CONT}
P=$(cat "$KAM_PID" 2>/dev/null) || { echo "no pid file $KAM_PID"; exit 1; }
kill -"$SIG" "$P" $(pgrep -P "$P")
