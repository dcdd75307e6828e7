"""Training and inference throughput, FLOPs and achieved GFLOP/s, against the machine's matmul peak, in one run.

Same data (real CamVid-11 training batches), size and batch for every model:
- segfast's default model (EfficientNet-Lite0 encoder, `LiteUnet` decoder, channels-last) and the former default
  (the same encoder in fastai's `DynamicUnet`), each in a fastai `Learner` (segfast's `seg_learner`, data loaded and
  augmented as in training) and in a plain PyTorch loop on cached batches;
- stock fastai `unet_learner(resnet34, pretrained=False)` in its `Learner`, and in the plain loop;
- segmentation_models_pytorch `Unet('resnet34')` in the plain loop, contiguous and channels-last
  (`pip install segmentation-models-pytorch`; skipped if absent);
- the two segfast models with their data decoded once onto the device (`DeviceSegDL`, `cache=True`, the default), against
  fastai's per-item path (`cache=False`) in the first Learner row;
- optionally (`--bf16`) in bf16 autocast (`precision='bf16'`).

FLOPs are counted with `torch.utils.flop_counter` (a multiply-add is 2 FLOPs) for one forward+backward, with the
backward of grouped (depthwise) convolutions counted right (`bench/flops.py`: torch's own formula overcounts it).
The peak is the best float32 rate of `torch.mm` and of a 3x3 channels-last convolution, in the same process (on AMD
CPUs, PyTorch's MKL `mm` takes a slow path, and oneDNN's convolutions are the faster dense kernel).

    python bench/throughput.py [--data ../shared/data/camvid11] [--size 192 256] [--bs 8] [--steps 4] [--models lite unet stock smp]
"""
import argparse, time
from pathlib import Path
from fastai.vision.all import *
from segfast.data import segnet_dls, find_data, seg_codes
from segfast.learn import seg_learner
from copy import deepcopy
from flops import train_step_flops

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--data', type=Path, default=find_data('camvid11'), help='CamVid-11 in SegNet layout')
p.add_argument('--size', type=int, nargs=2, default=(192,256), help='height width')
p.add_argument('--bs', type=int, default=8)
p.add_argument('--steps', type=int, default=4, help='timed steps per measurement, after one warm-up step')
p.add_argument('--bf16', action='store_true', help='also time bf16 autocast (CPU) on the default model')
p.add_argument('--models', nargs='+', default=['lite','unet','stock','smp'], help='which rows: lite (default model), unet (Lite0 DynamicUnet), stock, smp')
a = p.parse_args()
if a.data is None: raise SystemExit("no dataset: pass --data (shared/data/camvid11 was not found)")
dev = default_device()
print(f"data {a.data}, size {tuple(a.size)}, bs {a.bs}, device {dev}, torch threads {torch.get_num_threads()}", flush=True)

def sync():
    if dev.type=='cuda': torch.cuda.synchronize()

def dense_peak(reps:int=8)->dict:
    "Best float32 rates, GFLOP/s, of `torch.mm` (BLAS) and of a 3x3 channels-last convolution (oneDNN), each timed alone"
    res = {}
    for n in (1024, 2048, 4096):
        x,y = torch.randn(n, n, device=dev), torch.randn(n, n, device=dev)
        for _ in range(reps):
            sync(); t = time.perf_counter(); x@y; sync(); res['mm'] = max(res.get('mm',0), 2*n**3/(time.perf_counter()-t)/1e9)
    x = torch.randn(8, 256, 64, 64, device=dev).contiguous(memory_format=torch.channels_last)
    w = torch.randn(256, 256, 3, 3, device=dev).contiguous(memory_format=torch.channels_last)
    for _ in range(reps):
        sync(); t = time.perf_counter(); F.conv2d(x, w, padding=1); sync()
        res['conv3x3'] = max(res.get('conv3x3',0), 2*8*64*64*256*256*9/(time.perf_counter()-t)/1e9)
    return res

def plain_train(model, batches, channels_last=False, bf16=False)->float:
    "Seconds per step of a plain PyTorch loop (AdamW, cross-entropy) over cached batches; first step is warm-up"
    model = model.to(dev).train()
    if channels_last: model = model.to(memory_format=torch.channels_last)
    opt = torch.optim.AdamW(model.parameters(), 1e-4)
    times = []
    for xb,yb in batches:
        if channels_last: xb = xb.contiguous(memory_format=torch.channels_last)
        sync(); t = time.perf_counter()
        with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=bf16):
            loss = F.cross_entropy(model(xb), yb)
        loss.backward(); opt.step(); opt.zero_grad(); sync()
        times.append(time.perf_counter()-t)
    return float(np.mean(times[1:]))

def plain_infer(model, batches, channels_last=False)->float:
    "Seconds per batch of inference over cached batches; first is warm-up"
    model = model.to(dev).eval()
    if channels_last: model = model.to(memory_format=torch.channels_last)
    times = []
    with torch.inference_mode():
        for xb,_ in batches:
            if channels_last: xb = xb.contiguous(memory_format=torch.channels_last)
            sync(); t = time.perf_counter(); model(xb); sync(); times.append(time.perf_counter()-t)
    return float(np.mean(times[1:]))

class StepTimer(Callback):
    "Time `n` training steps after a warm-up step, including data loading and the Learner's callbacks, then stop"
    order = 100
    def __init__(self, n): self.n,self.stamps = n,[]
    def after_batch(self):
        sync(); self.stamps.append(time.perf_counter())
        if len(self.stamps)>self.n: raise CancelFitException()

def learner_train(learn, n)->float:
    "Seconds per step of `learn.fit` (data loading, batch transforms, callbacks included)"
    timer = StepTimer(n)
    with learn.no_logging(), learn.no_bar(): learn.fit(1, 1e-4, cbs=timer)
    return float(np.diff(timer.stamps).mean())

set_seed(42)
dls = segnet_dls(a.data, size=tuple(a.size), bs=a.bs, cache=False)   # fastai's per-item path
n_out = len(seg_codes(dls))
peaks = dense_peak(); peak = max(peaks.values())
print("float32 peak, GFLOP/s: " + ', '.join(f"{k} {v:.0f}" for k,v in peaks.items()), flush=True)

# the default model's Learner normalises with its own statistics: cache batches from its DataLoaders
seg = seg_learner(dls, 'efficientnet_lite0', pretrained=True, decoder='lite'); seg.unfreeze()
it = iter(seg.dls.train)
batches = [tuple(t.as_subclass(Tensor) for t in next(it)) for _ in range(a.steps+1)]
xb,yb = batches[0]

rows = []
def record(name, model, loop_s, infer_s=None, learner_s=None):
    gf = train_step_flops(deepcopy(model).to(dev), xb, yb)
    rows.append(dict(model=name, gflop_per_img=gf, train_s_per_step=loop_s, train_img_s=a.bs/loop_s,
                     gflop_s=gf*a.bs/loop_s, pct_of_peak=100*gf*a.bs/loop_s/peak,
                     learner_img_s=np.nan if learner_s is None else a.bs/learner_s,
                     learner_vs_loop=np.nan if learner_s is None else loop_s/learner_s,
                     infer_img_s=np.nan if infer_s is None else a.bs/infer_s))
    print(pd.DataFrame(rows[-1:]).to_string(index=False, float_format=lambda v: f'{v:.3g}'), flush=True)

cdls = segnet_dls(a.data, size=tuple(a.size), bs=a.bs, cache=True)   # decoded once onto the device (`DeviceSegDL`)
for decoder,name in (('lite', 'segfast default (Lite0 LiteUnet, channels_last)'), ('unet', 'Lite0 DynamicUnet (the former default)')):
    if decoder not in a.models: continue
    # a fastai Learner (channels-last callback, data loaded and augmented as in training), then the same model in a plain loop
    learn = seg if decoder=='lite' else seg_learner(dls, 'efficientnet_lite0', pretrained=True, decoder=decoder)
    learn.unfreeze(); m0 = deepcopy(learn.model)
    learner_s = learner_train(learn, a.steps)
    loop_s = plain_train(deepcopy(m0), batches, channels_last=True)
    record(f'{name}, cache=False', m0, loop_s, plain_infer(deepcopy(m0), batches, channels_last=True), learner_s)
    # the same with the data on the device (`cache=True`, the default)
    cached = seg_learner(cdls, 'efficientnet_lite0', pretrained=True, decoder=decoder); cached.unfreeze(); cached.model.load_state_dict(m0.state_dict())
    record(f'{name}, cache=True', m0, loop_s, learner_s=learner_train(cached, a.steps))
    if a.bf16:
        loop16 = plain_train(deepcopy(m0), batches, channels_last=True, bf16=True)
        cached16 = seg_learner(cdls, 'efficientnet_lite0', pretrained=True, decoder=decoder, precision='bf16'); cached16.unfreeze()
        record(f'{name}, cache=True, bf16', m0, loop16, learner_s=learner_train(cached16, a.steps))

if 'stock' in a.models:
    stock = unet_learner(dls, resnet34, pretrained=False, n_out=n_out)
    m1 = deepcopy(stock.model)
    learner_s = learner_train(stock, a.steps)
    record('stock fastai unet_learner(resnet34)', m1, plain_train(deepcopy(m1), batches),
           plain_infer(deepcopy(m1), batches), learner_s)

if 'smp' in a.models:
  try:
    import segmentation_models_pytorch as smp
    m2 = smp.Unet('resnet34', encoder_weights=None, classes=n_out)
    record('smp Unet(resnet34)', m2, plain_train(deepcopy(m2), batches), plain_infer(deepcopy(m2), batches))
    record('smp Unet(resnet34), channels_last', m2, plain_train(deepcopy(m2), batches, channels_last=True),
           plain_infer(deepcopy(m2), batches, channels_last=True))
  except ImportError: print("segmentation_models_pytorch not installed: skipped")

print("\n", pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f'{v:.3g}'))
print(f"\npeak {peak:.0f} GFLOP/s (the best of {peaks}). learner_vs_loop: plain-loop step time / Learner step time "
      "(1.0 = the Learner costs nothing; its steps include data loading and batch transforms)")
