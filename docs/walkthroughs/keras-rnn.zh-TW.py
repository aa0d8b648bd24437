# ---
# jupyter:
#   description: >-
#     以加法問題（adding problem）訓練 Keras 基本 RNN，從損失為 NaN 到 LSTM：以 tf.GradientTape 量測梯度範數、正交遞迴初始化、global_clipnorm 與 LSTM，每個輸出都是實際執行的結果。
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 以 Keras 訓練基本 RNN：從 NaN 到 LSTM { #a-vanilla-rnn-in-keras-from-nan-to-an-lstm }
#
# 這份筆記本在一個需要記住 50 個時間步的任務上訓練循環神經網路。你將會：
#
# 1. 重現梯度爆炸（gradient explosion）：一步之後損失就變成 NaN；
# 2. 用 `tf.GradientTape` 取得的梯度範數、沿時間傳遞的梯度，以及
#    `tf.debugging.enable_check_numerics` 診斷問題；
# 3. 一次只改一處來修正：先把循環權重改用正交初始化（orthogonal
#    initialization），再加上 `global_clipnorm`，最後換成 LSTM；
# 4. 在同一張圖中比較各次訓練。
#
# 它只需要 `tensorflow`（搭配 Keras 3）、`numpy` 與 `matplotlib`，不下載任何
# 東西，在筆電的 CPU 上遠不到一分鐘就能跑完。下方每一段輸出都來自實際執行它
# （`nox -s outputs`），本站的測試還會在三種 CPU 組態下重新執行，並要求得到
# 相同的輸出。

# %% [markdown]
# ## 準備工作：加法問題 { #setup-the-adding-problem }
#
# 每個輸入都是長度 $T = 50$ 步、具有兩個特徵的序列：一個是介於 $[0, 1)$ 的
# 亂數，另一個是標記，恰好在兩個時間步為 1（序列前後兩半各一個），其餘為 0。
# 目標值是這兩個被標記的數字之和
# （[Hochreiter 與 Schmidhuber，1997](../review/references.md#hochreiter1997)）。
# 第一個標記可能出現在距離結尾 49 步的位置，所以網路必須把資訊帶過許多步。
# 若每次都預測平均值 1.0，均方誤差約為 $1/6 \approx 0.167$：模型唯有明顯低於
# 這個值，才算學到了東西。
#
# 這份筆記本以 float64 計算，而不是預設的 float32。梯度爆炸的訓練會把每個捨入
# 誤差放大到和梯度相同的倍數，所以若用 float32，兩台 CPU 印出的數字會不同，
# 甚至對模型最後學得多好都會有不同的結果。用 float64 時，下方每個數字在任何
# 機器上都相同。

# %%

# %% [markdown]
# 模型用一個有 32 個單元的循環層讀取序列，再用一個 `Dense` 層預測總和。
# `SimpleRNN` 的計算方式為
#
# $$h_t = \phi(W_{xh} x_t + W_{hh} h_{t-1} + b),$$
#
# 其中 $x_t$ 是第 $t$ 步的輸入，$h_t$ 是狀態，$\phi$ 是激勵函數（activation
# function，這裡用 ReLU），$W_{xh}$ 是輸入權重矩陣（Keras 的 `kernel`），
# $W_{hh}$ 是循環權重矩陣（Keras 的 `recurrent_kernel`，在程式碼與輸出中稱為
# `U`），$b$ 是偏差；符號與[數學原理](../basics/math.md#an-rnn-through-time)
# 相同。每個模型都以相同的種子建立。

# %%

# %% [markdown]
# 同一個函式負責訓練所有變體：共 8 個訓練週期（epoch），每個週期有 64 個小批次，
# 每批 64 條序列。訓練步驟在 `tf.function` 內執行，以加快速度。它回傳損失與
# 梯度的全域範數（global norm）；後者由 `tf.GradientTape` 的梯度計算，時間點
# 在最佳化器套用（並可能裁剪）梯度*之前*。損失一出現非有限值，該次訓練就
# 立即停止。

# %%

# %% [markdown]
# ## 步驟 1：重現爆炸 { #step-1-reproduce-the-explosion }
#
# 從 $\mathcal{N}(0, s^2/32)$ 抽取 $W_{hh}$ 的元素，取尺度 $s = 2$。這樣一來，
# 狀態每乘一次 $W_{hh}$，它的均方就約乘上 $s^2 = 4$；而 ReLU 會把約一半的
# 元素歸零，又把均方減半：每個時間步的均方約乘上 2（範數約乘上 $\sqrt 2$），
# 與 ReLU 網路各層的 $n s^2 / 2$ 規則相同（這裡 $n = 32$ 個單元）
# （[He 等人，2015](../review/references.md#he2015)）。經過 50 步，狀態會
# 成長好幾個數量級。以動量 0.9、學習率（learning rate）1.0 的 SGD 訓練。

# %%

# %% [markdown]
# 第一個損失是 4.56e+13，梯度範數是 4.64e+15。以這麼大的梯度走一步，會把權重
# 推得非常遠，使下一次前向傳遞溢位（overflow）：損失在第 1 步就變成 NaN。

# %% [markdown]
# ## 步驟 2：診斷 { #step-2-diagnose }
#
# ### 從 tape 取得梯度範數 { #gradient-norms-from-the-tape }
#
# `tape.gradient` 會為 `model.trainable_variables` 的每一項各回傳一個梯度；
# `tf.linalg.global_norm` 再把它們合成全域範數。在 Keras 3 中，每個變數的
# `path` 會指出它所屬的層。作為對照，也印出正交 $W_{hh}$ 的相同結果；它的
# 譜半徑（spectral radius，特徵值絕對值中的最大者）恰好為 1。

# %%

# %% [markdown]
# 使用 $\mathcal{N}(0, 4/32)$ 時，每個梯度都非常巨大，其中又以循環權重矩陣
# （Keras 的 `recurrent_kernel`）的梯度最大。正交的 $W_{hh}$ 則給出量級為 1 的梯度。

# %% [markdown]
# ### 沿時間傳遞的梯度 { #the-gradient-through-time }
#
# 爆炸來自哪些時間步？tape 也能計算損失 $\mathcal{L}$ 對輸入的微分：
# $\partial \mathcal{L} / \partial x_t$ 的範數，衡量第 $t$ 步對第 50 步之後所做的預測
# 有多大影響。沿時間反向傳播（backpropagation through time）每經過一步，就
# 乘上一個雅可比矩陣（Jacobian）$\partial h_{t} / \partial h_{t-1}$，所以當
# $t$ 離結尾越遠，它便以幾何級數成長或縮小
# （[Pascanu 等人，2013](../review/references.md#pascanu2013)）。

# %% alt="損失對 50 個時間步各自輸入的梯度範數，對數刻度。使用 N(0, 4/32) 時，它從第 1 步的約 10^13 穩定下降到第 50 步的約 10^5。使用正交矩陣時，它從第 1 步的約 10^-10 穩定上升到第 50 步的約 0.1。"

# %% [markdown]
# 使用 $\mathcal{N}(0, 4/32)$ 時，梯度從最後一步往回到第一步，成長為
# 2.51e+08 倍：早期的時間步主導了梯度，而它們造成的更新，正是讓權重爆掉的原因。
# 這相當於 49 步中每步約 1.5 倍，接近均方論證給出的 $\sqrt 2$，遠低於譜半徑
# 2.11：譜半徑並不是成長的速率（見
# [數學原理](../basics/math.md#why-eigenvalues-alone-mislead)）。使用譜半徑為 1
# 的正交 $W_{hh}$ 時，梯度反而*縮小*，變為 8.91e-10 倍：$W_{hh}$ 會保持狀態的
# 長度，但 ReLU 在每一步仍會把均方減半。這是同一個乘積的另一面，也就是梯度消失
# （vanishing gradients）；它會在步驟 4 再次出現。

# %% [markdown]
# ### 找出第一個 Inf 或 NaN { #find-the-first-inf-or-nan }
#
# `tf.debugging.enable_check_numerics()` 會讓每個 TensorFlow 運算都檢查自己的
# 輸出（包括 eager 程式碼，以及在呼叫之後才追蹤的函式），並在遇到第一個 Inf
# 或 NaN 時引發 `InvalidArgumentError`，指出是哪個運算。它會拖慢所有運算：
# 用完記得關掉。錯誤訊息很長（包含建立該運算的 Python 程式碼的呼叫堆疊），
# 這個儲存格只印出其中兩行關鍵內容。

# %%

# %% [markdown]
# 第一個非有限值出現在循環單元的 `MatMul_1`，也就是 $W_{hh} h_{t-1}$，位於逐步
# 走過時間的 `while` 迴圈內：第一次更新之後，狀態在沿著序列傳遞的過程中溢位。

# %% [markdown]
# ## 步驟 3：正交循環矩陣 { #step-3-an-orthogonal-recurrent-matrix }
#
# 正交的 $W_{hh}$ 會保持它所乘的每個向量的長度，所以它的冪次既不成長也不縮小
# （[Saxe 等人，2014](../review/references.md#saxe2014)）。這是 Keras 的
# `SimpleRNN`、`GRU` 與 `LSTM` 預設的 `recurrent_initializer`。其他條件都
# 不變，再訓練一次。

# %%

# %% [markdown]
# 起點的梯度很正常，但在這個學習率下，更新會把循環權重推回爆炸的區域：五步之後，
# 梯度範數已達 1.45e+66，損失變成 NaN。初始化只修正了起點。

# %% [markdown]
# ## 步驟 4：裁剪全域範數 { #step-4-clip-the-global-norm }
#
# `global_clipnorm=1.0` 會讓最佳化器在所有梯度的全域範數大於 1.0 時，把它們
# 一起等比例縮小。（`clipnorm` 則會個別裁剪每個變數的梯度；見
# [梯度裁剪](../remedies/clipping.md#keras-clipnorm-is-not-global_clipnorm)。）
# 摘要列出步數、在 512 條驗證序列上的損失，以及裁剪前的最大梯度範數。

# %%

# %% [markdown]
# 所有步驟都跑完，也沒有任何溢位。但驗證損失是 0.1929，不比一律預測平均值時的
# 0.166 好：網路很穩定，卻什麼也沒學到。梯度裁剪（gradient clipping）
# 能阻止爆炸，但對問題的另一半毫無幫助：來自早期時間步的梯度，在往回穿過 50 步
# 的途中*消失*了。

# %% [markdown]
# ## 步驟 5：LSTM { #step-5-an-lstm }
#
# LSTM 保有一個透過各個閘門（gate）以加法更新的細胞狀態，所以梯度可以往回穿過
# 許多步，而不必每一步都乘上 $W_{hh}$
# （[Hochreiter 與 Schmidhuber，1997](../review/references.md#hochreiter1997)）。
# 裁剪仍然開著。LSTM 以 Adam 訓練
# （[Kingma 與 Ba，2015](../review/references.md#kingma2015)），學習率 0.01，
# 是 Adam 常用預設值 0.001（Keras 與 Kingma 和 Ba 的預設）的十倍，這是為這次
# 短訓練所選的設定；這份筆記本沒有嘗試以單純的 SGD 訓練 LSTM。
# 為了公平比較，有裁剪的 `SimpleRNN` 也以相同方式訓練。

# %%

# %% [markdown]
# LSTM 解決了這個任務：它的驗證損失是 0.0020，預測平均值則是 0.166。使用相同
# 最佳化器與裁剪的 `SimpleRNN` 學會了一部分，降到 0.0788，而且裁剪前的梯度範數
# 仍會飆到 3.44e+03。

# %% [markdown]
# ## 比較各次訓練 { #compare-the-runs }

# %% alt="兩張對數刻度圖，橫軸為 512 個訓練步，每次訓練一條線；超出圖框上緣的值畫在上緣。左圖為訓練損失，一條虛線標在 1/6，即預測平均值時的損失：N(0, 4/32) 從約 10^14 開始，在第 1 步以 x 標記結束，表示損失已不再是有限值；圖例 orthogonal（正交）的線在五步內衝出上緣；圖例 orthogonal + clipping（正交加裁剪）的線停在虛線附近；使用 Adam 的 SimpleRNN 降到虛線稍下方；LSTM 在後半段降到 0.01 以下。右圖為裁剪前的梯度範數：N(0, 4/32) 約 10^15；orthogonal 失敗前衝出上緣；有裁剪的訓練則介於約 0.01 到幾千之間；一條點線標出閾值 1。"

# %% [markdown]
# ## 重點整理 { #what-to-take-away }
#
# - 會拉長狀態的循環矩陣，會讓狀態與沿時間傳遞的梯度隨序列長度以幾何級數
#   成長。速率取決於每一步拉長多少（奇異值，以及 ReLU 讓均方減半的因子），
#   而不是譜半徑：譜半徑 2.11 給出每步約 1.5 倍，譜半徑 1（正交）則讓梯度消失。
# - 先量測：tape 的梯度提供全域範數與逐變數的範數，對輸入的梯度顯示沿時間的
#   成長，`enable_check_numerics` 則指出最先產生 Inf 或 NaN 的運算。
# - 正交初始化修正起點，`global_clipnorm` 限制每一次更新，而具閘門機制的單元
#   （LSTM、GRU）才能讓梯度把資訊帶過長序列。
#
# 每個步驟背後的理論：[數學原理](../basics/math.md#an-rnn-through-time)、
# [偵測](../basics/detecting.md)、
# [正交初始化](../remedies/initialization.md#orthogonal-initialization-for-recurrent-networks)、
# [裁剪](../remedies/clipping.md)以及
# [閘門機制](../remedies/architecture.md#gating-lstm-and-gru)。
