#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing, so a
# fresh machine (or CI) needs nothing beyond `npm ci && npm test`.
# Each entry is "<command to look for>:<Debian package>". Only Debian's own
# package archive is used; nothing is downloaded from anywhere else.
set -euo pipefail
# Debian installs Orthanc's binary in /usr/sbin.
PATH="$PATH:/usr/sbin"

needed=(
  "dcmdump:dcmtk"
  "Orthanc:orthanc"
  "chromium:chromium"
)

missing=()
for entry in "${needed[@]}"; do
  command -v "${entry%%:*}" >/dev/null 2>&1 || missing+=("${entry#*:}")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "system packages: missing ${missing[*]}; install them with apt-get as root" >&2
  exit 1
fi
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)

echo "system packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

# Debian starts Orthanc as a system service listening on every interface;
# the tests start their own on private ports, so stop that one and keep it
# from starting at boot.
if [[ " ${missing[*]} " == *" orthanc "* ]]; then
  "${sudo_cmd[@]}" systemctl disable orthanc >/dev/null 2>&1 || true
  "${sudo_cmd[@]}" systemctl stop orthanc >/dev/null 2>&1 ||
    "${sudo_cmd[@]}" service orthanc stop >/dev/null 2>&1 || true
fi
