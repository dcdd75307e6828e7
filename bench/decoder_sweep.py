"""Which decoder, and how wide, for accuracy per FLOP: segfast's recipe with each decoder on the same encoder and data.

Every configuration runs `train_camseq` as its default does (EfficientNet-Lite0 with its offline ImageNet weights,
lr_find -> frozen one-cycle -> unfreeze -> lr_find -> discriminative one-cycle, channels-last, decoded images cached),
changing only the decoder: fastai's `DynamicUnet` with its options, or segfast's `LiteUnet` at several widths.
For each it prints forward GFLOP per image (encoder and decoder apart), training GFLOP per image, decoder
parameters, seconds per epoch, the final and best void-excluded accuracy and mIoU on CamVid-11 val, and the wall
time (lr_find and setup included) until void-excluded accuracy first reaches --target.

    python bench/decoder_sweep.py [--data ../shared/data/camvid11] [--size 96 128] [--epochs 3 3] [--only 0 3] [--seeds 42]
"""
import argparse, time, tempfile
from pathlib import Path
from fastai.vision.all import *
from segfast.data import find_data
from segfast.models import encoder_body, LiteUnet
from segfast.learn import train_camseq
from flops import train_step_flops, forward_flops
from time_to import first_reaching
defaults.callbacks = [TrainEvalCallback, Recorder]   # no progress bars in the printed results

CONFIGS = [   # name, decoder, model_kwargs
    ('DynamicUnet (fastai defaults, last_cross)', 'unet', {}),
    ('DynamicUnet last_cross=False',              'unet', dict(last_cross=False)),
    ('DynamicUnet self_attention, blur',          'unet', dict(self_attention=True, blur=True)),
    ('LiteUnet width 16',                         'lite', dict(width=16)),
    ('LiteUnet width 32',                         'lite', dict(width=32)),
    ('LiteUnet width 16, out_stride 1',           'lite', dict(width=16, out_stride=1)),
    ('LiteUnet width 8',                          'lite', dict(width=8)),
]

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--data', type=Path, default=find_data('camvid11'), help='CamVid-11 in SegNet layout')
p.add_argument('--size', type=int, nargs=2, default=(96,128), help='height width')
p.add_argument('--bs', type=int, default=8)
p.add_argument('--epochs', type=int, nargs=2, default=(3,3), help='epochs frozen, unfrozen')
p.add_argument('--lr-find-its', type=int, default=100)
p.add_argument('--only', type=int, nargs='+', help=f'indices of the configurations to run (default all): ' + ', '.join(f'{i} {c[0]}' for i,c in enumerate(CONFIGS)))
p.add_argument('--seeds', type=int, nargs='+', default=[42])
p.add_argument('--target', type=float, default=0.77, help='void-excluded accuracy to time')
a = p.parse_args()
if a.data is None: raise SystemExit("no dataset: pass --data (shared/data/camvid11 was not found)")
print(f"data {a.data}, size {tuple(a.size)}, bs {a.bs}, epochs {tuple(a.epochs)}, torch threads {torch.get_num_threads()}", flush=True)

def model_of(decoder, kw, n_out=12):
    "The untrained network of a configuration, as `seg_learner` builds it"
    body = encoder_body('efficientnet_lite0')
    return DynamicUnet(body, n_out, tuple(a.size), **kw) if decoder=='unet' else LiteUnet(body, n_out, tuple(a.size), **kw)

rows = []
xb,yb = torch.randn(2,3,*a.size), torch.randint(0,12,(2,*a.size))
for i,(name,decoder,kw) in enumerate(CONFIGS):
    if a.only and i not in a.only: continue
    m = model_of(decoder, kw)
    fwd,enc = forward_flops(m, xb), forward_flops(m[0], xb)
    flops = dict(fwd_gflop=fwd, enc_gflop=enc, dec_gflop=fwd-enc, train_gflop=train_step_flops(m, xb, yb),
                 dec_mparams=sum(p.numel() for p in m.parameters())/1e6 - sum(p.numel() for p in m[0].parameters())/1e6)
    for seed in a.seeds:
        with tempfile.TemporaryDirectory() as d:
            t0 = time.perf_counter()
            res = train_camseq(a.data, size=tuple(a.size), epochs=tuple(a.epochs), bs=a.bs, lr_find_its=a.lr_find_its,
                               out=d, seed=seed, decoder=decoder, model_kwargs=kw)
            total = time.perf_counter()-t0
        df = res.df; setup = total-df.seconds.sum()
        rows.append(dict(decoder=name, seed=seed, **flops, s_per_epoch=df.seconds.mean(), total_s=total,
                         acc_void=df.acc_void.iloc[-1], best_acc_void=df.acc_void.max(), miou=df.miou.iloc[-1],
                         t_target_s=first_reaching(df, a.target, setup)))
        print(f"\n{name}, seed {seed}: lrs {({k:round(v,5) for k,v in res.lrs.items()})}\n{df.to_string(index=False)}", flush=True)
        print(pd.DataFrame(rows[-1:]).to_string(index=False, float_format=lambda v: f'{v:.3g}'), flush=True)

r = pd.DataFrame(rows)
print("\n", r.to_string(index=False, float_format=lambda v: f'{v:.3g}'))
if len(a.seeds)>1:
    print("\nmean over seeds\n", r.drop(columns='seed').groupby('decoder', sort=False).mean().to_string(float_format=lambda v: f'{v:.3g}'))
print(f"\nGFLOP per image at {a.size[0]}x{a.size[1]}: fwd (enc + dec) in eval; train_gflop = forward+backward with every "
      f"parameter trainable (grouped-conv backward counted right, see bench/flops.py). t_target_s: wall time to {a.target:.0%} acc_void.")
