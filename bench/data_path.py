"""Images per second of the data path alone (no model), training split with augmentation, on this machine's default device.

Rows, side by side in one run, each timed over whole epochs after one warm-up epoch:
- `DeviceSegDL` (segfast's path since issue 14, `cache=True`): the split decoded once into uint8 tensors on the device,
  batches by `index_select`, `SegAugment` on the batch, then `IntToFloatTensor` and `SegNormalize` (what `seg_learner` adds);
- the cached path before it (`ResizedCache` as `get_x`/`get_y`, copied below): decoded and resized images kept as PIL
  objects, fastai's per-item pipeline and collation every batch, fastai's `aug_transforms` and `Normalize` on the batch;
- the per-item path (`cache=False`): files decoded and resized every epoch in fastai's worker processes, with
  `SegAugment` (today) and with `aug_transforms` (before issue 14).

    python bench/data_path.py [--data ../shared/data/camvid11] [--size 360 480] [--bs 8] [--epochs 2]
"""
import argparse, time
from pathlib import Path
from fastai.vision.all import *
from segfast.data import segnet_dls, find_data, read_split_file, CAMVID11_CODES, LabelReader, SegImage, MaskColours, CAMVID11_COLOURS, SegNormalize

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--data', type=Path, default=find_data('camvid11'), help='CamVid-11 in SegNet layout')
p.add_argument('--size', type=int, nargs=2, default=(360,480), help='height width')
p.add_argument('--bs', type=int, default=8)
p.add_argument('--epochs', type=int, default=2, help='timed epochs per row, after one warm-up epoch')
p.add_argument('--skip-slow', action='store_true', help='leave out the per-item rows')
a = p.parse_args()
if a.data is None: raise SystemExit("no dataset: pass --data (shared/data/camvid11 was not found)")
dev = default_device()
print(f"data {a.data}, size {tuple(a.size)}, bs {a.bs}, device {dev}, torch threads {torch.get_num_threads()}, cpus {defaults.cpus}", flush=True)

def sync():
    if dev.type=='cuda': torch.cuda.synchronize()

class ResizedCache:
    "The cached path before issue 14: read an item and resize it once; later calls give the kept PIL image or array"
    def __init__(self, read, size, resample=Image.BILINEAR): store_attr(); self.items = {}
    def __call__(self, fn):
        if fn not in self.items:
            im = self.read(fn)
            if isinstance(im, np.ndarray): im = np.asarray(Image.fromarray(im).resize(self.size[::-1], self.resample))
            else: im = im.resize(self.size[::-1], self.resample)
            self.items[fn] = im
        return self.items[fn]

def old_cached_dls(path, size, bs):
    "segfast's `pairs_dls(cache=True)` as it was before issue 14"
    train,val = read_split_file(path/'train.txt'),read_split_file(path/'val.txt')
    pairs = train+val
    reader = LabelReader(dict(pairs), CAMVID11_CODES)
    dblock = DataBlock(blocks=(ImageBlock(SegImage), MaskBlock(CAMVID11_CODES)),
                       get_x=ResizedCache(SegImage.create, size), get_y=ResizedCache(reader, size, Image.NEAREST),
                       splitter=IndexSplitter(range(len(train), len(pairs))),
                       item_tfms=[Resize(size, method=ResizeMethod.Squish), MaskColours(CAMVID11_COLOURS)], batch_tfms=aug_transforms())
    return dblock.dataloaders([i for i,_ in pairs], bs=bs, num_workers=0)

def img_per_s(dls, norm=SegNormalize)->float:
    "Training images per second over `a.epochs` epochs, after one warm-up epoch (which fills the old cache)"
    dls.add_tfms([norm.from_stats(*imagenet_stats)], 'after_batch')
    for _ in dls.train: pass
    sync(); t0,n = time.perf_counter(),0
    for _ in range(a.epochs):
        for x,y in dls.train: n += len(x)
    sync(); return n/(time.perf_counter()-t0)

size,rows = tuple(a.size),{}
set_seed(0); t0 = time.perf_counter()
new = segnet_dls(a.data, size=size, bs=a.bs, cache=True)
print(f"DeviceSegDL: both splits decoded in {time.perf_counter()-t0:.1f} s, {type(new.train).__name__}, images on {new.train.images.device}", flush=True)
rows['DeviceSegDL + SegAugment (cache=True, default)'] = img_per_s(new); del new
rows['cached path before issue 14 (ResizedCache + aug_transforms)'] = img_per_s(old_cached_dls(a.data, size, a.bs), Normalize)
if not a.skip_slow:
    rows['per-item, SegAugment (cache=False, fastai workers)'] = img_per_s(segnet_dls(a.data, size=size, bs=a.bs, cache=False))
    rows['per-item before issue 14 (aug_transforms, fastai workers)'] = img_per_s(segnet_dls(a.data, size=size, bs=a.bs, cache=False, aug=aug_transforms()), Normalize)
base = rows['cached path before issue 14 (ResizedCache + aug_transforms)']
print(f"\n{'data path':62s} {'img/s':>8s} {'x old cached':>13s}")
for k,v in rows.items(): print(f"{k:62s} {v:8.1f} {v/base:13.2f}")
