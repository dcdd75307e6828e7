"""torch.compile on segfast's default model: eager against compiled, the same plain training loop and batches, in one run.

    python bench/compile_speed.py [--size 96 128] [--bs 8] [--steps 10] [--decoder lite]
"""
import argparse, time, sys
from fastai.vision.all import *
from segfast.models import encoder_body, LiteUnet

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--size', type=int, nargs=2, default=(96,128), help='height width')
p.add_argument('--bs', type=int, default=8)
p.add_argument('--steps', type=int, default=10, help='timed steps, after the warm-up (compile) steps')
p.add_argument('--decoder', default='lite', choices=('lite','unet'), help="LiteUnet (segfast's default) or fastai's DynamicUnet")
p.add_argument('--mode', default='default', help='torch.compile mode (default, reduce-overhead, max-autotune)')
a = p.parse_args()
print(f"size {tuple(a.size)}, bs {a.bs}, torch {torch.__version__}, threads {torch.get_num_threads()}", flush=True)

def make_model():
    set_seed(0)
    body = encoder_body('efficientnet_lite0', pretrained=True)
    m = LiteUnet(body, 12, tuple(a.size)) if a.decoder=='lite' else DynamicUnet(body, 12, tuple(a.size))
    return m.to(memory_format=torch.channels_last).train()

xs = [torch.randn(a.bs,3,*a.size).contiguous(memory_format=torch.channels_last) for _ in range(3)]
ys = [torch.randint(0,12,(a.bs,*a.size)) for _ in range(3)]

def run(model, n, warm=2):
    "Seconds per step of a plain AdamW loop, after `warm` steps; also the time the warm-up took and the last loss"
    opt = torch.optim.AdamW(model.parameters(), 1e-3)
    def step(i):
        loss = F.cross_entropy(model(xs[i%3]), ys[i%3]); loss.backward(); opt.step(); opt.zero_grad(); return loss.item()
    t = time.perf_counter()
    for i in range(warm): step(i)
    t_warm = time.perf_counter()-t; t = time.perf_counter()
    for i in range(n): loss = step(i)
    return (time.perf_counter()-t)/n, t_warm, loss

eager_s, eager_warm, eager_loss = run(make_model(), a.steps)
print(f"eager:    {eager_s:.3f} s/step (warm-up {eager_warm:.1f} s), last loss {eager_loss:.4f}", flush=True)
try:
    comp_s, comp_warm, comp_loss = run(torch.compile(make_model(), mode=a.mode), a.steps)
    print(f"compiled: {comp_s:.3f} s/step (warm-up incl. compiling {comp_warm:.1f} s), last loss {comp_loss:.4f}")
    print(f"speed-up {eager_s/comp_s:.2f}x; compiling pays for itself after {comp_warm/max(eager_s-comp_s,1e-9):.0f} steps" if comp_s<eager_s
          else f"compiled is {comp_s/eager_s:.2f}x slower")
except Exception as e:
    print(f"compiled: failed: {type(e).__name__}: {str(e)[:500]}")
