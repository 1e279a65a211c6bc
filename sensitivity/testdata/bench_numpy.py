# The numpy counterpart of BenchmarkUAWeights: 10,000 weight-noise replicates of
# 300 units x 80 indicators (8 goals x 2 dimensions x 5 indicators), scored as
# Z @ W, ranked by a double argsort, rank percentiles per unit. The weights are
# drawn beforehand, as the Go benchmark draws its plan outside the loop.
# Run: python3 bench_numpy.py
import numpy as np, time
rng=np.random.default_rng(1)
U,I,R=300,80,10000
Z=rng.exponential(100,(U,I)); Z=(Z-Z.min(0))/(Z.max(0)-Z.min(0))*100
wi=rng.uniform(0.75,1.25,(R,8,2,5)); wd=rng.uniform(0.75,1.25,(R,8,2)); wg=rng.uniform(0.75,1.25,(R,8))
def run():
    a=wi/wi.sum(3,keepdims=True); b=wd/wd.sum(2,keepdims=True); c=wg/wg.sum(1,keepdims=True)
    W=(a*b[:,:,:,None]*c[:,:,None,None]).reshape(R,I)
    S=Z@W.T
    ranks=(-S).argsort(0).argsort(0)+1
    q=np.percentile(ranks,[5,50,95],axis=1); m=ranks.mean(1)
    return q
run()
ts=[]
for _ in range(7):
    t=time.perf_counter(); run(); ts.append(time.perf_counter()-t)
print("numpy (weights drawn beforehand) UA 10k x 300 x 80: median %.0f ms (min %.0f)"%(1000*sorted(ts)[3],1000*min(ts)))
