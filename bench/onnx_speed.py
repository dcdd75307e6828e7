"""ONNX export against PyTorch: largest logit difference under onnxruntime, and time per image, in one run.

    python bench/onnx_speed.py [--size 352 480]

Models are untrained (weights do not change either figure); exported at 96x128 and run at `--size`, which tests
the dynamic height and width too.
"""
import argparse, tempfile
from pathlib import Path
from fastai.vision.all import *
from segfast.data import find_data, segnet_dls
from segfast.learn import seg_learner
from segfast.export import export_onnx, onnx_parity

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--size', type=int, nargs=2, default=(352,480), help='height width (multiples of 32)')
a = p.parse_args()
print(f"size {tuple(a.size)}, torch threads {torch.get_num_threads()}")
dls = segnet_dls(find_data('camvid11_sample'), size=(96,128), bs=4, num_workers=0)
rows = []
for arch,kw in (('efficientnet_lite0', {}), ('resnet34', dict(pretrained=False)), ('unet_leaky', dict(pretrained=False))):
    learn = seg_learner(dls, arch, **kw)
    with tempfile.TemporaryDirectory() as d:
        par = onnx_parity(learn.model, export_onnx(learn.model, Path(d)/'m.onnx', size=(96,128)), torch.randn(1,3,*a.size))
    rows.append(dict(model=arch, **par))
print(pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f'{v:.3g}'))
