"""Stock fastai against segfast's default recipe on CamVid-11 at the same size, in one run.

Stock fastai (the issue's baseline): unet_learner(resnet34, pretrained=False), bs 8, fit_one_cycle(4, 1e-3).
segfast: train_camseq defaults (EfficientNet-Lite0 encoder with its offline ImageNet weights, LiteUnet decoder, channels-last,
lr_find -> frozen one-cycle -> unfreeze -> lr_find -> discriminative one-cycle), same data, size and batch, in
float32 and in bf16 mixed precision. Also the time each takes to reach --target void-excluded accuracy.

    python bench/baseline_vs_segfast.py [--data ../shared/data/camvid11] [--size 96 128] [--epochs 3 3]
"""
import argparse, time, tempfile
from pathlib import Path
from fastai.vision.all import *
from segfast.data import segnet_dls, find_data, seg_codes, void_index
from segfast.metrics import seg_metrics
from segfast.learn import train_camseq, EpochLog
from time_to import first_reaching

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--data', type=Path, default=find_data('camvid11'), help='CamVid-11 in SegNet layout')
p.add_argument('--size', type=int, nargs=2, default=(96,128), help='height width')
p.add_argument('--bs', type=int, default=8)
p.add_argument('--baseline-epochs', type=int, default=4)
p.add_argument('--epochs', type=int, nargs=2, default=(3,3), help='segfast epochs frozen, unfrozen')
p.add_argument('--lr-find-its', type=int, default=100)
p.add_argument('--precisions', nargs='+', default=['fp32','bf16'], help="segfast's precisions to run (fp32, bf16, auto)")
p.add_argument('--no-cache', dest='cache', action='store_false', help="segfast: read and resize the images every epoch (train_camseq's cache=False)")
p.add_argument('--decoder', default='lite', choices=('lite','unet'), help="segfast's decoder: LiteUnet (train_camseq's default) or fastai's DynamicUnet")
p.add_argument('--target', type=float, default=0.77, help='void-excluded accuracy to time')
a = p.parse_args()
if a.data is None: raise SystemExit("no dataset: pass --data (shared/data/camvid11 was not found)")
print(f"data {a.data}, size {tuple(a.size)}, bs {a.bs}, torch threads {torch.get_num_threads()}", flush=True)

# --- stock fastai
set_seed(42, reproducible=True)
dls = segnet_dls(a.data, size=tuple(a.size), bs=a.bs)
codes = seg_codes(dls)
learn = unet_learner(dls, resnet34, pretrained=False, metrics=seg_metrics(codes, void_index(codes)), cbs=EpochLog())
t0 = time.perf_counter(); learn.fit_one_cycle(a.baseline_epochs, 1e-3); stock_s = time.perf_counter()-t0
stock = pd.DataFrame(learn.cbs.filter(risinstance(EpochLog))[0].rows)
print("\nstock fastai\n", stock.to_string(index=False), flush=True)

# --- segfast default recipe, in each precision asked for
segs = {}
for prec in a.precisions:
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        res = train_camseq(a.data, size=tuple(a.size), epochs=tuple(a.epochs), bs=a.bs, lr_find_its=a.lr_find_its, out=d, precision=prec, cache=a.cache, decoder=a.decoder)
        segs[prec] = res, time.perf_counter()-t0
    print(f"\nsegfast, {prec}\n", res, "\nlr_find suggestions:", {k:round(v['suggestion'],5) for k,v in res.lr_finds.items()}, "\nlearning rates used:", {k:round(v,5) for k,v in res.lrs.items()}, flush=True)

# --- side by side
rows = [dict(recipe='stock fastai unet_learner(resnet34, pretrained=False)', epochs=len(stock),
             acc_void=stock.acc_void.iloc[-1], accuracy=stock.accuracy.iloc[-1], miou=stock.miou.iloc[-1],
             s_per_epoch=stock.seconds.mean(), total_s=stock_s)]
for prec,(res,seg_s) in segs.items():
    rows.append(dict(recipe=f'segfast train_camseq (efficientnet_lite0 offline pretrained, {a.decoder}), {prec}' + (', cache' if a.cache else ''), epochs=len(res.df),
                     acc_void=res.df.acc_void.iloc[-1], accuracy=res.df.accuracy.iloc[-1], miou=res.df.miou.iloc[-1],
                     s_per_epoch=res.df.seconds.mean(), total_s=seg_s))
print("\n", pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f'{v:.4f}'))
thr = stock.acc_void.iloc[-1]
fmt = lambda t: 'not reached' if np.isnan(t) else f'{t:.0f} s'
ratio = lambda t1,t2: '' if np.isnan(t1) or np.isnan(t2) else f" -> {t1/t2:.2f}x"
t_stock, t77s = first_reaching(stock, thr), first_reaching(stock, a.target)
for prec,(res,seg_s) in segs.items():
    lrf = seg_s - res.df.seconds.sum()     # lr_find, export and setup time, charged to segfast up front
    t_seg, t77g = first_reaching(res.df, thr, lrf), first_reaching(res.df, a.target, lrf)
    print(f"\nsegfast {prec}: time to the baseline's final acc_void ({thr:.4f}): stock {fmt(t_stock)}, segfast {fmt(t_seg)} "
          f"(incl. {lrf:.0f} s of lr_find/setup){ratio(t_stock, t_seg)}")
    print(f"segfast {prec}: time to {a.target:.0%} acc_void: stock {fmt(t77s)} (of {stock_s:.0f} s), segfast {fmt(t77g)}{ratio(t77s, t77g)}")
    print(f"segfast {prec}: total wall time ratio stock/segfast: {stock_s/seg_s:.2f}x")
