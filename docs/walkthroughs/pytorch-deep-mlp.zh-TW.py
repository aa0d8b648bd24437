# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 以 PyTorch 訓練深層 MLP：從 NaN 到穩定訓練 { #a-deep-mlp-in-pytorch-from-nan-to-a-stable-run }
#
# 這份筆記本追蹤同一個模型，從崩潰一路走到穩定訓練。我們用單純的 SGD 訓練
# 一個有 32 個隱藏層的多層感知器（multilayer perceptron, MLP）。你將會：
#
# 1. 重現梯度爆炸（gradient explosion）：損失在第二步就變成 NaN；
# 2. 用全域梯度範數（global gradient norm）、逐層梯度範數與
#    `torch.autograd.detect_anomaly` 診斷問題；
# 3. 一次只改一處來修正：先換成 He 初始化（He initialization），再加上梯度裁剪
#    （gradient clipping），最後加上學習率預熱（learning-rate warm-up）；
# 4. 在同一張圖中比較四次訓練。
#
# 它只需要 `torch`、`numpy` 與 `matplotlib`，不下載任何東西，在筆電的 CPU 上
# 大約十秒就能跑完。下方每一段輸出，都是建置本站時實際執行它所產生的。

# %% [markdown]
# ## 準備工作 { #setup }
#
# 資料是合成的，所以不需要下載任何東西。每個輸入
# $x \in \mathbb{R}^{16}$ 服從標準常態分布，目標值為
# $y = \tanh(2\, w^\top x)$，其中 $w$ 是一個固定的隨機向量，且
# $\lVert w \rVert \approx 1$。處處都預測 0 的模型，均方誤差約為 0.73；
# 擬合良好的模型則遠低於 0.01。

# %%
import math
import warnings

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
N, D = 2048, 16
X = torch.randn(N, D)
w_true = torch.randn(D, 1) / D**0.5
y = torch.tanh(2 * X @ w_true)
print(f"X: {tuple(X.shape)}, y: {tuple(y.shape)}")
print(f"loss of predicting 0: {y.pow(2).mean():.3f}")

# %% [markdown]
# 模型有 32 個寬度為 64 的隱藏層，每一層都是一個 `Linear` 層接著 ReLU，
# 最後是一個輸出單元。`init` 決定權重的抽取方式；偏差（bias）一律從 0 開始。
# 每次訓練都以相同的種子建立模型，所以各次訓練之間只差在我們改動的地方。

# %%
DEPTH, WIDTH = 32, 64


def make_mlp(init):
    torch.manual_seed(1)
    layers, fan_in = [], D
    for _ in range(DEPTH):
        linear = nn.Linear(fan_in, WIDTH)
        if init == "normal":
            nn.init.normal_(linear.weight, std=0.25)
        elif init == "he":
            nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
        nn.init.zeros_(linear.bias)
        layers += [linear, nn.ReLU()]
        fan_in = WIDTH
    layers.append(nn.Linear(fan_in, 1))
    return nn.Sequential(*layers)


# %% [markdown]
# 同一個函式負責訓練所有變體：以動量 0.9、學習率 0.1 的 SGD，在大小為 128
# 的小批次上訓練 400 步。`clip_grad_norm_` 回傳的是它在裁剪*之前*量到的全域
# 梯度範數，所以它同時也是監測工具；設定 `max_norm=inf` 時，它只量測、不裁剪。
# `warmup` 是學習率線性升到 0.1 所花的步數。損失一出現非有限值，該次訓練就
# 立即停止。


# %%
def train(init, max_norm=math.inf, warmup=0, lr=0.1, steps=400):
    model = make_mlp(init)
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda step: min(1.0, (step + 1) / warmup) if warmup else 1.0
    )
    batches = torch.Generator().manual_seed(2)
    losses, norms = [], []
    for _ in range(steps):
        idx = torch.randint(0, N, (128,), generator=batches)
        loss = nn.functional.mse_loss(model(X[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        losses.append(loss.item())
        norms.append(norm.item())
        if not math.isfinite(loss.item()):
            break
        opt.step()
        sched.step()
    return {"loss": losses, "norm": norms}


# %% [markdown]
# ## 步驟 1：重現爆炸 { #step-1-reproduce-the-explosion }
#
# 每個權重都從 $\mathcal{N}(0, \sigma^2)$ 抽取，取 $\sigma = 0.25$，這個尺度
# 看起來無害。對一個有 $n$ 個輸入的 ReLU 層來說，激勵值的均方從一層到下一層
# 會乘上 $n \sigma^2 / 2$（[He et al., 2015](../review/references.md#he2015)）。
# 這裡是 $64 \times 0.0625 / 2 = 2$：經過 32 層之後，輸出大約大了
# $2^{16} \approx 65\,000$ 倍，而梯度在反向傳回的路上也以同樣的方式成長。

# %%
runs = {}
runs["N(0, 0.25²)"] = train("normal")
for step, (loss, norm) in enumerate(
    zip(runs["N(0, 0.25²)"]["loss"], runs["N(0, 0.25²)"]["norm"])
):
    print(f"step {step}: loss {loss:.3g}, gradient norm {norm:.3g}")

# %% [markdown]
# 第一個損失約為 $5 \times 10^7$，梯度範數約為 $2 \times 10^9$。以這麼大的
# 梯度走一步 SGD，會把權重推得非常遠，使下一次前向傳遞超出 float32 的範圍而
# 溢位（overflow），損失隨即變成 NaN。這正是原筆記描述的症狀：損失在幾步
# 之內就變成 NaN。

# %% [markdown]
# ## 步驟 2：診斷 { #step-2-diagnose }
#
# ### 全域與逐層梯度範數 { #global-and-per-layer-gradient-norms }
#
# 上面的全域範數已經告訴我們梯度非常巨大；逐層的數字則說明它是怎麼變大的。
# 在初始化狀態下做一次前向傳遞與一次反向傳遞，對每個輸出為 $h_l$ 的隱藏層
# $l$，可以得到：
#
# - $h_l$ 的標準差（前向訊號）；
# - $\partial L / \partial h_l$ 的範數，也就是從上方傳到這一層的梯度
#   （反向訊號）；
# - 該層權重梯度的範數
#   $\partial L / \partial W_l = \delta_l\, h_{l-1}^\top$，其中
#   $\delta_l$ 是剛好在 ReLU 之前的反向訊號，並對整個批次加總。
#
# 作為對照，圖中也畫出 He 初始化的相同量測結果。


# %% alt="三張對數刻度圖，橫軸為 32 個隱藏層，N(0, 0.25²) 與 He 各一條線。左圖為激勵值的標準差：N(0, 0.25²) 穩定上升，從第 1 層到第 32 層約增加四個數量級；He 則維持在 1 附近。中圖為傳到各層輸出的梯度範數：N(0, 0.25²) 在第 1 層最大，往第 32 層約下降四個數量級；He 的變化不超過一個數量級。右圖為權重梯度範數：兩條線大致持平，N(0, 0.25²) 的線比 He 的線高約九個數量級。"
def layer_profile(init):
    model = make_mlp(init)
    outputs = []

    def keep(module, inputs, out):
        out.retain_grad()
        outputs.append(out)

    hooks = [
        m.register_forward_hook(keep) for m in model if isinstance(m, nn.ReLU)
    ]
    loss = nn.functional.mse_loss(model(X[:256]), y[:256])
    loss.backward()
    for hook in hooks:
        hook.remove()
    linears = [m for m in model if isinstance(m, nn.Linear)][:DEPTH]
    return {
        "activation std": [h.std().item() for h in outputs],
        "gradient at the output": [h.grad.norm().item() for h in outputs],
        "weight gradient": [m.weight.grad.norm().item() for m in linears],
    }


profiles = {"N(0, 0.25²)": layer_profile("normal"), "He": layer_profile("he")}
fig, axes = plt.subplots(1, 3, figsize=(9, 2.8))
layers = range(1, DEPTH + 1)
for name, profile in profiles.items():
    for ax, (what, values) in zip(axes, profile.items()):
        ax.semilogy(layers, values, marker=".", label=name)
        ax.set(xlabel="layer", title=what)
axes[0].legend()
plt.tight_layout()
plt.show()

for name, profile in profiles.items():
    for what, values in profile.items():
        print(
            f"{name:>12}, {what:<22}: layer 1 {values[0]:9.3g}, "
            f"layer {DEPTH} {values[-1]:9.3g}"
        )

# %% [markdown]
# 使用 $\mathcal{N}(0, 0.25^2)$ 時，前向訊號的變異數每過一層就加倍，所以它的
# 標準差每層約成長 $\sqrt{2}$ 倍。反向訊號則朝另一個方向、往輸入端以相同倍率
# 成長：鏈式法則（chain rule）每經過一層就乘上一個雅可比矩陣（Jacobian），
# 而這些雅可比矩陣會把向量拉長。每個權重梯度是這兩者的乘積，成長互相抵消，
# 所以曲線是平的，但每一層都在約 $10^8$，而不是約 0.1。權重梯度的曲線平坦，
# 並不能證明網路是健康的：也要檢查它的大小
# （見[數學原理](../basics/math.md#per-layer-gradients-of-a-deep-mlp)）。
# 使用 He 初始化時，三條曲線都保持水平。

# %% [markdown]
# ### 找出第一個 NaN：異常偵測 { #find-the-first-nan-anomaly-detection }
#
# `torch.autograd.detect_anomaly()` 會檢查每個反向函式的輸出，並在第一個回傳
# NaN 的函式處拋出例外，指出它的名稱。它會大幅拖慢訓練，所以只在除錯時使用。
# 它檢查的是 NaN，而不是 Inf：溢位成 Inf 的情況，要等到它變成 NaN 才會被
# 抓到。警告篩選器會隱藏它印出的警告：一則說明異常模式已開啟，另一則是前向
# 呼叫的追蹤記錄（traceback）。

# %%
model = make_mlp("normal")
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
try:
    with warnings.catch_warnings(action="ignore"):
        with torch.autograd.detect_anomaly():
            for step in range(5):
                loss = nn.functional.mse_loss(model(X[:128]), y[:128])
                print(f"step {step}: loss {loss.item():.3g}")
                opt.zero_grad()
                loss.backward()
                opt.step()
except RuntimeError as error:
    anomaly = str(error)
    print(f"RuntimeError: {anomaly}")

# %% [markdown]
# 在第 1 步時，前向傳遞已經溢位，所以第一個反向函式，也就是損失的反向函式，
# 回傳了 NaN。原因出在前一步：梯度範數高達數十億。這指向權重的尺度。

# %% [markdown]
# ## 步驟 3：修正初始化 { #step-3-fix-the-initialization }
#
# He 初始化從 $\mathcal{N}(0, 2/n)$ 抽取權重，使因子 $n \sigma^2 / 2$ 恰好為 1
# （[He et al., 2015](../review/references.md#he2015)）。其他條件都不變，再訓練
# 一次。

# %%
runs["He"] = train("he")
he = runs["He"]
print(f"steps run: {len(he['loss'])}, last loss: {he['loss'][-1]}")
print("gradient norms:", ", ".join(f"{n:.3g}" for n in he["norm"]))

# %% [markdown]
# 現在起點很健康：損失約 0.77，梯度範數接近 1。但在學習率（learning rate）
# 0.1 之下，梯度範數一步接一步地變大，不到十步損失就變成 NaN。初始化能修正
# 第 0 步的尺度；但它無法阻止更新把權重推進損失曲面陡峭的區域
# （[Pascanu et al., 2013](../review/references.md#pascanu2013)）。

# %% [markdown]
# ## 步驟 4：裁剪梯度範數 { #step-4-clip-the-gradient-norm }
#
# `clip_grad_norm_(model.parameters(), max_norm=1.0)` 會在整個梯度的全域範數
# 大於 1.0 時，把梯度等比例縮小，使全域範數不超過 1.0。方向保持不變，只是步伐
# 變短。摘要列出步數、最終損失（取最後 50 步的平均，因為單一小批次的雜訊很
# 大）、裁剪前的最大範數，以及該範數超過 1 的步數。

# %%
runs["He + clipping"] = train("he", max_norm=1.0)


def summary(run):
    norms, tail = run["norm"], run["loss"][-50:]
    return (
        f"{len(norms):5d} {sum(tail) / len(tail):10.4f} {max(norms):9.3g}"
        f" {sum(n > 1.0 for n in norms):8d}"
    )


HEADER = "steps final loss  max norm norm > 1"
print(HEADER)
print(summary(runs["He + clipping"]))

# %% [markdown]
# 400 步全部跑完，損失從 0.77 降到遠低於 0.01。裁剪*之前*的範數仍會飆到
# 數百：裁剪吸收了這些尖峰，但網路仍不斷產生它們。

# %% [markdown]
# ## 步驟 5：學習率預熱 { #step-5-warm-up-the-learning-rate }
#
# 學習率預熱先用很小的學習率起步，再在最初幾步（這裡是 50 步）把它線性調高
# （[Goyal et al., 2017](../review/references.md#goyal2017)）。如此一來，在
# 權重仍是隨機值時走的早期幾步都會很小。這個儲存格也執行了*不*裁剪的預熱，
# 看看單靠預熱是否就夠了。

# %%
runs["He + clipping + warm-up"] = train("he", max_norm=1.0, warmup=50)
warmup_only = train("he", warmup=50)
print(" " * 17, HEADER)
print("with clipping:   ", summary(runs["He + clipping + warm-up"]))
print("without clipping:", summary(warmup_only))

# %% [markdown]
# 有裁剪時，損失最後和沒有預熱時一樣低，而裁剪前的最大範數約小了十倍：這次
# 訓練不再需要靠裁剪才能撐過最糟的一步。沒有裁剪時，預熱只是延後失敗：學習率
# 一達到 0.1，範數就再度成長，損失隨之溢位。在這裡，三種修正相輔相成：He 初始化
# 負責起點，預熱負責最初幾步，裁剪則守住其餘的訓練過程。

# %% [markdown]
# ## 比較各次訓練 { #compare-the-runs }

# %% alt="兩張對數刻度圖，橫軸為 400 個訓練步，每次訓練一條線。左圖為損失：N(0, 0.25²) 從約 10^8 開始，在第 1 步變成 NaN；He 從約 1 開始，跳升後在第 6 步變成 NaN；兩次有裁剪的訓練都從約 1 降到 0.01 以下，其中沒有預熱的那次在早期多了幾個尖峰。右圖為裁剪前的梯度範數：N(0, 0.25²) 超過十億；He 在溢位前升到 10^5；He + clipping 在早期飆到數百，加上預熱後則維持在約 40 以下；一條點線標出閾值 1。"
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2), sharex=True)
for name, run in runs.items():
    marker = "." if len(run["loss"]) < 20 else None
    ax1.semilogy(run["loss"], marker=marker, label=name)
    ax2.semilogy(run["norm"], marker=marker, label=name)
    if not math.isfinite(run["loss"][-1]):  # mark where the loss became NaN
        ax1.plot(len(run["loss"]) - 1, run["loss"][-2], "x", color="#e03131")
ax1.set(xlabel="step", title="loss (x: NaN)")
ax2.set(xlabel="step", title="gradient norm before clipping")
ax2.axhline(1.0, color="#808080", linestyle=":")
ax2.legend(fontsize=8)
plt.tight_layout()
plt.show()

print(f"{'run':<23} {HEADER}")
for name, run in runs.items():
    print(f"{name:<23} {summary(run)}")

# %% [markdown]
# ## 重點整理 { #what-to-take-away }
#
# - 這裡的爆炸有兩個原因：初始權重太大（以 He 初始化修正），以及學習率對訓練
#   過程中遇到的陡峭區域來說太高（以裁剪與預熱控制）。
# - 先量測再修正：全域範數告訴你梯度*是否*爆炸，逐層範數告訴你*在哪裡*爆炸，
#   `detect_anomaly` 則告訴你*哪個運算*最先產生 NaN。
# - 裁剪能限制每一次更新，但無法消除根本原因；良好的初始化與預熱能讓最糟的
#   梯度變小。
#
# 每個步驟都有對應的理論頁面：
# [雅可比矩陣乘積的數學](../basics/math.md)、
# [偵測](../basics/detecting.md)、
# [初始化](../remedies/initialization.md)、
# [裁剪](../remedies/clipping.md)以及
# [學習率與預熱](../remedies/learning-rate.md#warm-up)。
