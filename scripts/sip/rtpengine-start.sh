#!/bin/bash
# Start rtpengine (Debian's rtpengine-daemon) in the background with a PID file; wait until its NG
# control port answers. It bridges WebRTC phones and plain-RTP endpoints for tests/sip/kamailio.cfg.
# Userspace forwarding only (--table=-1: no kernel module here), media on 127.0.0.1 ports
# RTPE_PORT_MIN..RTPE_PORT_MAX, no config file (the package's /etc one is for a system service).
# --dtls-passive: towards a browser that offered a=setup:actpass, rtpengine otherwise takes the
# active role and sends its ClientHello as soon as ICE works, before the browser has our answer;
# Chromium then never completes DTLS (seen here: ICE up, 0 packets either way). Passive, it waits
# for the browser's ClientHello, as its answer says.
# env: KAM_RUN (the namespace's runtime dir, shared with Kamailio), RTPE_NG_PORT
KAM_RUN=${KAM_RUN:-/tmp/kamailio-test}; RTPE_NG_PORT=${RTPE_NG_PORT:-2223}
mkdir -p "$KAM_RUN"
nohup rtpengine --config-file=none --foreground --log-stderr --log-level=${RTPE_LOG_LEVEL:-6} \
  --table=-1 --interface=127.0.0.1 --listen-ng=127.0.0.1:"$RTPE_NG_PORT" \
  --port-min=${RTPE_PORT_MIN:-30000} --port-max=${RTPE_PORT_MAX:-30999} \
  --delete-delay=0 --dtls-passive \
  >> "$KAM_RUN/rtpengine.log" 2>&1 &
echo $! > "$KAM_RUN/rtpengine.pid"
# Ready when the NG port answers a ping with a pong (bencode), not merely when it is bound.
ng_ping() {
  exec 3<>/dev/udp/127.0.0.1/"$RTPE_NG_PORT" || return 1
  printf 'r1 d7:command4:pinge' >&3
  local reply=; read -r -t 0.2 -N 40 reply <&3; exec 3<&-
  [[ $reply == *pong* ]]
}
for i in $(seq 1 250); do
  if ng_ping 2>/dev/null; then
    echo "rtpengine up (pid $(cat "$KAM_RUN/rtpengine.pid"))"; exit 0
  fi
  sleep 0.02
done
echo "rtpengine did not come up"; tail -30 "$KAM_RUN/rtpengine.log"; exit 1
