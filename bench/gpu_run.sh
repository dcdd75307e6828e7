#!/usr/bin/env bash
# The whole GPU benchmark in one go (sized for under 8 minutes on an H100; not yet run there), on a machine with PyTorch but neither fastai nor internet.
# First, here: `python bench/gpu_pack.py` (wheels into .whl/, a JPEG copy of CamVid-11 into .gpudata/); then, on the
# device machine, with `.whl` and `.gpudata` carried: `bash bench/gpu_run.sh`. Results go to $OUT (default /tmp/segfast_gpu).
# TINY=1 runs every step at 48x64 with one epoch each, on any machine (that is how it is tested on a CPU).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/segfast_gpu}; mkdir -p "$OUT"
if ! python3 -c "import fastai" 2>/dev/null; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
  export PYTHONPATH=/tmp/site
fi
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1 MPLBACKEND=Agg
DATA=${DATA:-.gpudata/camvid11}
if [ "${TINY:-0}" = 1 ]; then
  SIZE="48 64"; DP="--epochs 1 --skip-slow"; BV="--baseline-epochs 1 --epochs 1 1 --lr-find-its 10"
else
  SIZE="360 480"; DP="--epochs 3"; BV="--baseline-epochs 8 --epochs 12 12 --lr-find-its 50"
fi
(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv || echo "no nvidia-smi: CPU run") | tee "$OUT/device.txt"
python3 -c "import torch, fastai; print('torch', torch.__version__, 'fastai', fastai.__version__)" | tee -a "$OUT/device.txt"
STOCK_PREC="fp32"; python3 -c "import torch,sys; sys.exit(not torch.cuda.is_available())" && STOCK_PREC="fp32 bf16"
python3 bench/gpu_check.py --data "$DATA" 2>&1 | tr '\r' '\n' | grep -v '^Epoch' | tee "$OUT/gpu_check.txt"; [ "${PIPESTATUS[0]}" = 0 ] || exit 1
python3 bench/data_path.py --data "$DATA" --size $SIZE $DP 2>&1 | tee "$OUT/data_path.txt"
python3 bench/baseline_vs_segfast.py --data "$DATA" --size $SIZE $BV --stock-precisions $STOCK_PREC --precisions fp32 bf16 \
  --targets 0.77 0.9 > "$OUT/baseline_vs_segfast_raw.txt" 2>&1 || { tail -c 3000 "$OUT/baseline_vs_segfast_raw.txt"; exit 1; }
tr '\r' '\n' < "$OUT/baseline_vs_segfast_raw.txt" | grep -v '^Epoch\|^ *[0-9.]*% \[\|^ *$' | tee "$OUT/baseline_vs_segfast.txt"   # without progress bars
