#!/usr/bin/env bash
# Installs the Debian packages the tests use, when missing. As root it runs apt-get; otherwise
# it names what is missing and stops. Each package says why it is here.
set -euo pipefail
packages=(
  chromium                    # Playwright end-to-end tests (Debian's build; nothing is downloaded)
  gnome-keyring dbus dbus-x11 # a real Secret Service for keytar, in a private D-Bus session
  libsecret-1-dev             # keytar compiles against it
  kamailio kamailio-websocket-modules # the SIP server for softphone tests
  coturn                      # a TURN server: calls whose media may only go through a relay
  iproute2                    # loopback-only network namespaces for WebRTC tests
  sip-tester                  # SIPp: scripted carriers/PBXs as far ends the phone did not write (tests/sip/scenarios)
  baresip-core                # baresip: a SIP phone the project did not write (ICE + DTLS-SRTP, no BUNDLE) as a far end
  rtpengine-daemon            # rtpengine: bridges the WebRTC phone and plain-RTP far ends (userspace only, scripts/sip/rtpengine-start.sh)
  postgresql                  # a throwaway cluster when no PostgreSQL is reachable
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need these Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing test dependencies: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
