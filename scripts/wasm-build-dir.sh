# SPDX-License-Identifier: MIT
# Sourced by scripts/build.sh and scripts/test-native-wasm.sh, which share one Emscripten build folder:
# the unit tests built to wasm link the very core objects the shipped .wasm does.
# Emscripten is Debian's 3.1.6; its traps are handled as in shared/reference/emscripten-3.1.6.md.

# Every emcc link step needs acorn & co. from Debian's node modules.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

wasm_build_dir=build/wasm

# configure_wasm ON|OFF: configures the folder, with the GoogleTest suite (ON) or without it (OFF).
# emcmake would inject CROSSCOMPILING_EMULATOR="node;--experimental-wasm-threads", a flag Node 20 rejects.
configure_wasm() {
  emcmake cmake -S . -B "$wasm_build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node -DGDCONV_TESTS="$1" >/dev/null
}
