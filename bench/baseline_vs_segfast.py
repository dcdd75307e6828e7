"""Stock fastai against segfast's default recipe on CamVid-11 at the same size, in one run, on this machine's default device.

Stock fastai (the issue's baseline): unet_learner(resnet34, pretrained=False), bs 8, fit_one_cycle(--baseline-epochs, 1e-3),
with fastai's per-item data pipeline (files decoded every epoch in worker processes) and `aug_transforms`.
segfast: train_camseq defaults (EfficientNet-Lite0 encoder with its offline ImageNet weights, LiteUnet decoder, channels-last,
data decoded once onto the device (`DeviceSegDL`) and augmented by `SegAugment`, lr_find -> frozen one-cycle -> unfreeze ->
lr_find -> discriminative one-cycle), same data, size and batch. Each in the precisions asked for (bf16 for stock fastai is
fastai's `to_bf16`, CUDA only). For each run: seconds per epoch, images per second (training and validation images over
the epoch's wall time), mean GPU utilisation (nvidia-smi, sampled every 0.5 s during the run; 'n/a' without a GPU),
the final metrics, and the time to each --targets void-excluded accuracy. segfast's lr_find and setup time is charged up front.

    python bench/baseline_vs_segfast.py [--data ../shared/data/camvid11] [--size 96 128] [--epochs 3 3] [--targets 0.77 0.9]
"""
import argparse, time, tempfile, threading, subprocess, shutil
from pathlib import Path
from fastai.vision.all import *
from segfast.data import segnet_dls, find_data, seg_codes, void_index
from segfast.metrics import seg_metrics
from segfast.learn import train_camseq
from segfast.callbacks import EpochLog
from time_to import first_reaching

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--data', type=Path, default=find_data('camvid11'), help='CamVid-11 in SegNet layout')
p.add_argument('--size', type=int, nargs=2, default=(96,128), help='height width')
p.add_argument('--bs', type=int, default=8)
p.add_argument('--baseline-epochs', type=int, default=4)
p.add_argument('--stock-precisions', nargs='+', default=['fp32'], help="stock fastai's precisions (fp32, bf16 on CUDA)")
p.add_argument('--epochs', type=int, nargs=2, default=(3,3), help='segfast epochs frozen, unfrozen')
p.add_argument('--lr-find-its', type=int, default=100)
p.add_argument('--precisions', nargs='+', default=['fp32','bf16'], help="segfast's precisions to run (fp32, bf16, auto)")
p.add_argument('--no-cache', dest='cache', action='store_false', help="segfast: fastai's per-item data path (train_camseq's cache=False)")
p.add_argument('--decoder', default='lite', choices=('lite','unet'), help="segfast's decoder: LiteUnet (train_camseq's default) or fastai's DynamicUnet")
p.add_argument('--targets', type=float, nargs='+', default=[0.77], help='void-excluded accuracies to time')
a = p.parse_args()
if a.data is None: raise SystemExit("no dataset: pass --data (shared/data/camvid11 was not found)")
dev = default_device()
name = torch.cuda.get_device_name(dev) if dev.type=='cuda' else f'CPU, {torch.get_num_threads()} torch threads'
print(f"data {a.data}, size {tuple(a.size)}, bs {a.bs}, device {dev} ({name})", flush=True)

class GPUBusy:
    "Mean GPU utilisation (%) while in the `with` block, from `nvidia-smi` sampled every 0.5 s; NaN without one"
    def __enter__(self):
        self.samples,self.stop = [],threading.Event()
        if dev.type=='cuda' and shutil.which('nvidia-smi'):
            self.t = threading.Thread(target=self._run, daemon=True); self.t.start()
        return self
    def _run(self):
        while not self.stop.wait(0.5):
            r = subprocess.run(['nvidia-smi', f'--id={dev.index or 0}', '--query-gpu=utilization.gpu', '--format=csv,noheader,nounits'],
                               capture_output=True, text=True)
            if r.returncode==0 and r.stdout.strip(): self.samples.append(float(r.stdout.split()[0]))
    def __exit__(self, *_): self.stop.set(); self.mean = float(np.mean(self.samples)) if self.samples else float('nan')

runs = {}   # name -> (epoch table, setup seconds charged up front, total seconds, GPU busy %)
# --- stock fastai
for prec in a.stock_precisions:
    set_seed(42, reproducible=True)
    dls = segnet_dls(a.data, size=tuple(a.size), bs=a.bs, cache=False, aug=aug_transforms())
    codes = seg_codes(dls)
    learn = unet_learner(dls, resnet34, pretrained=False, metrics=seg_metrics(codes, void_index(codes)), cbs=EpochLog())
    if prec=='bf16': learn.to_bf16()
    with GPUBusy() as busy:
        t0 = time.perf_counter(); learn.fit_one_cycle(a.baseline_epochs, 1e-3); total = time.perf_counter()-t0
    df = pd.DataFrame(learn.cbs.filter(risinstance(EpochLog))[0].rows)
    runs[f'stock fastai unet_learner(resnet34, pretrained=False), {prec}'] = df, 0., total, busy.mean
    print(f"\nstock fastai, {prec}\n", df.to_string(index=False), flush=True)
    n_imgs = len(dls.train_ds)+len(dls.valid_ds)

# --- segfast default recipe, in each precision asked for
for prec in a.precisions:
    with tempfile.TemporaryDirectory() as d, GPUBusy() as busy:
        t0 = time.perf_counter()
        res = train_camseq(a.data, size=tuple(a.size), epochs=tuple(a.epochs), bs=a.bs, lr_find_its=a.lr_find_its, out=d, precision=prec, cache=a.cache, decoder=a.decoder)
        total = time.perf_counter()-t0
    runs[f'segfast train_camseq (efficientnet_lite0 offline pretrained, {a.decoder}), {prec}' + (', cache' if a.cache else '')] = res.df, total-res.df.seconds.sum(), total, busy.mean
    print(f"\nsegfast, {prec}\n", res, "\nlr_find suggestions:", {k:round(v['suggestion'],5) for k,v in res.lr_finds.items()},
          "\nlearning rates used:", {k:round(v,5) for k,v in res.lrs.items()}, flush=True)

# --- side by side
rows = [dict(recipe=k, epochs=len(df), acc_void=df.acc_void.iloc[-1], miou=df.miou.iloc[-1], s_per_epoch=df.seconds.mean(),
             img_per_s=n_imgs/df.seconds.mean(), gpu_busy_pct=busy, setup_s=setup, total_s=total,
             **{f'to_{t:.0%}_s': first_reaching(df, t, setup) for t in a.targets})
        for k,(df,setup,total,busy) in runs.items()]
table = pd.DataFrame(rows)
print("\n", table.to_string(index=False, float_format=lambda v: f'{v:.4g}'))
stock_name = next(k for k in runs if k.startswith('stock') and k.endswith('fp32')) if any(k.startswith('stock') and k.endswith('fp32') for k in runs) else next(iter(runs))
sdf,_,stotal,_ = runs[stock_name]
fmt = lambda t: 'not reached' if np.isnan(t) else f'{t:.1f} s'
ratio = lambda t1,t2: '' if np.isnan(t1) or np.isnan(t2) else f" -> {t1/t2:.2f}x"
print(f"\nagainst {stock_name}: its final acc_void {sdf.acc_void.iloc[-1]:.4f} after {stotal:.1f} s")
for k,(df,setup,total,_) in runs.items():
    if k==stock_name: continue
    print(f"{k}:")
    print(f"  to the stock run's final acc_void: stock {fmt(stotal)}, this {fmt(first_reaching(df, sdf.acc_void.iloc[-1], setup))}{ratio(stotal, first_reaching(df, sdf.acc_void.iloc[-1], setup))}")
    for t in a.targets:
        ts,tg = first_reaching(sdf, t),first_reaching(df, t, setup)
        print(f"  to {t:.0%} acc_void: stock {fmt(ts)}, this {fmt(tg)}{ratio(ts, tg)}; stock's whole run / this: {ratio(stotal, tg) or 'n/a'}")
