"""Does the ONNX graph score what PyTorch scores? An exported learner's validation split scored three ways, at the
labels' own resolution with the same scale-aware prediction (`evaluate_pairs`): PyTorch (`predict_probs`), the ONNX
graph that takes the training size unpadded (`export_onnx(learn, ...)`, as `predict_probs` does), and the graph
that pads every size to a multiple of 32 (`export_onnx(learn.model, ...)`, a bare network, as before). For a model trained at a size that is
no multiple of 32 (CamVid at 180x240) the last one differs.

    python bench/onnx_scores.py EXPORT [DATA] [--split valid] [--out FILE]
"""
import argparse, sys, tempfile
from pathlib import Path
from fastai.vision.all import *
from segfast.data import atomic_file
from segfast.predict import load_exported, train_size
from segfast.export import export_onnx
from segfast.interpret import evaluate_pairs, split_pairs

class OnnxModel(nn.Module):
    "An onnxruntime session in the place of `learn.model`: logits of a batch, as a tensor"
    def __init__(self, fname:Path):
        super().__init__(); import onnxruntime as ort
        self.sess = ort.InferenceSession(str(fname), providers=['CPUExecutionProvider'])
        self.device_marker = nn.Parameter(torch.zeros(1), requires_grad=False)   # `predict_probs` asks the model's device
    def forward(self, x): return torch.from_numpy(self.sess.run(None, {'image': x.contiguous().numpy()})[0])

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('export', type=Path, help="an exported learner (segfast train's export.pkl)")
p.add_argument('data', type=Path, nargs='?', default=Path('../shared/data/camvid11'), help='its labelled dataset')
p.add_argument('--split', default='valid')
p.add_argument('--out', type=Path, help='write the table here too')
a = p.parse_args()
learn = load_exported(a.export); model,trained = learn.model.eval(),train_size(learn)
pairs,reader = split_pairs(a.data, a.split)
rows = []
with tempfile.TemporaryDirectory() as d:
    for how,m in (('PyTorch (predict_probs)', model),
                  (f'ONNX, {trained[0]}x{trained[1]} unpadded', OnnxModel(export_onnx(learn, Path(d)/'a.onnx'))),   # a learner's graph: its training size unpadded
                  ('ONNX, every size padded to 32', OnnxModel(export_onnx(model, Path(d)/'b.onnx', size=trained)))):
        learn.model = m
        ev = evaluate_pairs(learn, pairs, reader=reader)
        rows.append(dict(model=how, accuracy=ev.summary['accuracy'], miou=ev.summary['miou'])); print(rows[-1], flush=True)
text = (f"command: OMP_NUM_THREADS={torch.get_num_threads()} python bench/{Path(__file__).name} {' '.join(sys.argv[1:])}\n"
        f"{len(pairs)} images of {a.data} ({a.split}) at their labels' resolution; the model trained at {trained[0]}x{trained[1]}\n\n"
        + pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f'{v:.4f}') + '\n')
print(text)
if a.out:
    with atomic_file(a.out) as tmp: Path(tmp).write_text(text)
