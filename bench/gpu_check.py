"""Correctness of the device data path where it differs by device, before any GPU timing: run first by `bench/gpu_run.sh`.

On a GPU it checks that `DeviceSegDL` keeps the data on the GPU (and with `gpu_frac=0` in host memory, copied on a side
stream) and gives the same batches as the per-item path; that `device='cuda'` without an index and moves to and from
the CPU work; that `SegAugment`'s warps on the GPU match the CPU's; that the confusion matrix matches; and that a few
bf16 training steps stay finite. On a CPU it runs the same checks that apply there.

    python bench/gpu_check.py [--data ../shared/data/camvid11]
"""
import argparse
from pathlib import Path
from fastai.vision.all import *
from segfast.data import segnet_dls, find_data, DeviceSegDL, SegAugment, read_split_file, CAMVID11_CODES
from segfast.metrics import confusion_counts
from segfast.learn import seg_learner

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--data', type=Path, default=find_data('camvid11'), help='CamVid-11 in SegNet layout')
a = p.parse_args()
cuda = torch.cuda.is_available()
dev = torch.device('cuda' if cuda else 'cpu')          # no index on purpose
print(f"checking on {torch.cuda.get_device_name() if cuda else 'the CPU'}", flush=True)

kw = dict(size=(96,128), bs=4, aug=False)
ref = segnet_dls(a.data, cache=False, num_workers=0, device='cpu', **kw).valid.new(shuffle=False)
dls = segnet_dls(a.data, cache=True, device=dev, **kw)
assert isinstance(dls.valid, DeviceSegDL)
val = dls.valid.new(shuffle=False)
(x0,y0),(x1,y1) = ref.one_batch(),val.one_batch()
assert val.images.device.type==dev.type and x1.device.type==dev.type, (val.images.device, x1.device)
test_close(x0, x1.cpu(), eps=1e-5); test_eq(y0, y1.cpu())
print("DeviceSegDL on", val.images.device, ": batches equal the per-item path's")
if cuda:
    host = val.new(gpu_frac=0.)
    xs = [(x.clone(),y.clone()) for x,y in host]           # copied from host memory on the side stream
    assert host.images.device.type=='cpu' and xs[0][0].device.type=='cuda'
    for (xh,yh),(xd,yd) in zip(xs, val): test_eq(xh, xd); test_eq(yh, yd)
    print("host memory + side-stream copies: every batch equals the on-device batches")
    dls.to('cpu'); xc,_ = dls.valid.new(shuffle=False).one_batch(); assert xc.device.type=='cpu'; test_close(xc, x0, eps=1e-5)
    dls.to(dev); assert dls.valid.new(shuffle=False).one_batch()[0].device.type=='cuda'
    print("moves to the CPU and back work")

blocks = torch.randint(0, 11, (4,12,16)).repeat_interleave(8,1).repeat_interleave(8,2)
xb,yb = TensorImage((blocks*20).to(torch.uint8)[:,None].expand(4,3,96,128).contiguous()),TensorMask(blocks.to(torch.uint8))
aug = SegAugment(void_idx=11, max_rotate=10)
same = dict(contrast=1., bright=0.)
aug.params = [dict(flip=True, zoom=1., cy=0., cx=0., angle=0., **same), dict(flip=False, zoom=2., cy=0., cx=0., angle=0., **same),
              dict(flip=False, zoom=0.5, cy=1., cx=1., angle=0., **same), dict(flip=True, zoom=1.3, cy=0.3, cx=0.9, angle=7., **same)]
for t,mode,fill,tol in ((yb[:,None],'nearest-exact',11,0), (xb,'bilinear',0,2)):
    c,g = aug._warp(t, mode, fill),aug._warp(t.to(dev), mode, fill).cpu()
    assert (c.int()-g.int()).abs().max()<=tol and (c!=g).float().mean()<0.01, (mode, (c!=g).float().mean())
print("SegAugment: the same warps on", dev)

pred,targ = torch.randint(0,12,(4,96,128)),torch.randint(0,13,(4,96,128))
test_eq(confusion_counts(pred.to(dev), targ.to(dev), 12, 11).cpu(), confusion_counts(pred, targ, 12, 11))
print("confusion matrix: the same on", dev)

set_seed(0)
learn = seg_learner(segnet_dls(a.data, size=(96,128), bs=8, device=dev), 'efficientnet_lite0', decoder='lite', precision='bf16' if cuda else 'fp32')
learn.fit(1, 1e-3, cbs=ShortEpochCallback(0.1))
assert np.isfinite(learn.recorder.losses[-1].item())
print("a tenth of an epoch of training: loss", round(learn.recorder.losses[-1].item(), 3), "\nall checks passed")
