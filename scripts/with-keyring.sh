#!/bin/sh
# Runs a command in a private D-Bus session with an unlocked gnome-keyring (a real Secret
# Service), so keytar is exercised for real and the user's own keyring is never touched.
# usage: with-keyring.sh CMD [ARGS...]
KEYRING_HOME=${KEYRING_HOME:-$(mktemp -d /tmp/agent-keyring.XXXXXX)}
export KEYRING_HOME
export REAL_HOME="${REAL_HOME:-$HOME}"
export HOME=$KEYRING_HOME
export XDG_DATA_HOME=$HOME/.local/share XDG_CACHE_HOME=$HOME/.cache XDG_CONFIG_HOME=$HOME/.config
export XDG_RUNTIME_DIR=$HOME/run
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
exec dbus-run-session -- sh -c 'echo -n "${KEYRING_PASSWORD:-test}" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"' sh "$@"
