#!/usr/bin/env bash
# Makes the benchmark peer's Python environment: a venv (default ~/.cache/emn-peer/venv, or $1) with the current
# CPU PyTorch, torchvision, timm and numpy from pip's configured index (`pip config list` shows where it looks).
# torchvision's compiled extension on these indexes is built against another torch and fails at import with
# "operator torchvision::nms does not exist"; this script guards that one import inside the venv's own copy of
# torchvision (nothing of the project is patched). `emn bench --peer` uses this venv's python when it exists.
set -euo pipefail
VENV="${1:-${HOME}/.cache/emn-peer/venv}"
mkdir -p "$(dirname "$VENV")"
python3 -m venv "$VENV"
# --retries 0: where the default index is unreachable, go straight to the configured local ones
"$VENV/bin/pip" install -q --retries 0 "torch>=2" torchvision timm numpy
"$VENV/bin/python" - <<'PY'
import importlib.util, pathlib
root = pathlib.Path(importlib.util.find_spec("torchvision").origin).parent
f = root / "__init__.py"
src = f.read_text()
guard = "# emn-peer: guarded registrations"
anchor = "from torchvision import ("
if guard not in src and anchor in src:
    stub = (guard + "\n"
            "import sys as _emn_sys, types as _emn_types\n"
            "for _emn_name in ('_meta_registrations', '_autograd_registrations'):\n"
            "    try:\n"
            "        __import__('torchvision.' + _emn_name)\n"
            "    except RuntimeError:  # 'operator torchvision::nms does not exist': the extension is another torch's\n"
            "        _emn_sys.modules['torchvision.' + _emn_name] = _emn_types.ModuleType('torchvision.' + _emn_name)\n")
    f.write_text(src.replace(anchor, stub + anchor, 1))
    print("guarded torchvision's operator registrations in", f)
PY
"$VENV/bin/python" -c "import torch, torchvision, timm; print('peer venv ready:', torch.__version__, 'torchvision', torchvision.__version__, 'timm', timm.__version__)"
