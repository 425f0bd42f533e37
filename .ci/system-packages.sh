#!/usr/bin/env bash
# Debian packages the test suite needs, installed only when missing (idempotent, needs root).
set -euo pipefail
need=()
for script in .ci/packages.d/*.list; do
  [ -e "$script" ] || continue
  while read -r pkg bin; do
    [ -n "${pkg:-}" ] && [ "${pkg#\#}" = "$pkg" ] || continue
    command -v "${bin:-$pkg}" >/dev/null 2>&1 || need+=("$pkg")
  done < "$script"
done
if [ ${#need[@]} -gt 0 ]; then
  echo "system-packages: installing ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
