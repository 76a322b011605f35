#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Set-up shared by `npm start` and `npm test`: installs only what this machine lacks.
# Debian packages need root (CI runs as root); npm dependencies follow package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(
  # Writer's full variant, not -nogui: -nogui ships no .ui files, and a document with a comment makes Writer build
  # its comment window from modules/swriter/ui/annotation.ui as soon as the UNO-loaded view is laid out; without
  # the file soffice.bin aborts (NoSuchElementException thrown out of the main loop). Pulls libreoffice-core.
  libreoffice-writer libreoffice-calc-nogui libreoffice-impress-nogui python3-uno  # real conversion (server/)
  hyphen-en-us                                                                             # Writer's hyphenation patterns (loadOptions.autoHyphenation)
  poppler-utils                                                                            # pdftoppm, pdfinfo
  qpdf                                                                                     # PDF sources' and outputs' passwords (AES-256), watermark stamping
  libemail-outlook-message-perl                                                            # reads Outlook .msg sources (server/converters/msg_to_eml.pl)
  graphicsmagick                                                                           # image sources, bmp/gif/webp targets (server/converters/images.js)
  librsvg2-bin                                                                             # rsvg-convert: svg sources
  pandoc                                                                                   # Markdown sources and targets (server/converters/markdown.js)
  emscripten nlohmann-json3-dev                                                            # the wasm build
  cmake ninja-build g++ libgtest-dev                                                       # native core + unit tests
  googletest                                                                               # its sources: the unit tests built to wasm (scripts/test-native-wasm.sh)
  clang libclang-rt-14-dev                                                                 # libFuzzer, sanitizers
  clang-tidy                                                                               # scripts/lint-native.sh
  clang-format                                                                             # scripts/format-check.sh (Debian 12: version 14)
  chromium                                                                                 # browser tests
  openssl                                                                                  # a test CA and certificates, made per run (tests/support/test-pki.js)
)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: run as root, or install them yourself: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm dependencies: install when node_modules is missing or older than the lockfile. They include the
# runtimes the package is tested in (deno, bun, workerd: their binaries come in platform packages).
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: installing npm dependencies" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
# Node 22 for tests/node/runtimes-node.test.js, in a folder of its own: as a root dependency its `node` bin
# would replace this machine's Node 20 in every npm script.
if [[ ! -d tests/runtimes/node_modules || tests/runtimes/package-lock.json -nt tests/runtimes/node_modules/.package-lock.json ]]; then
  echo "setup: installing Node 22 for the runtime tests" >&2
  npm ci --prefix tests/runtimes --no-audit --no-fund --loglevel=error
fi
