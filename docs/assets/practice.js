/* Practice mode of the exam page: answer a question, see at once whether it is right with its
   explanation, a score per topic, retry what was wrong; progress stays in this browser.

   The build (pipeline/docsite/practice.py) marks the questions with data attributes and writes
   a hidden panel [data-practice] with the strings of the page's language; this script reads
   only those, never the prose. Without JavaScript the page is as written: each answer in a
   closed details block. Progress is one localStorage entry per language,
   {"answers": {"<question id>": "<letter chosen>"}}; ids the page no longer has, and letters a
   question does not offer, are ignored. No library, no network request. */
(function () {
  "use strict";

  const panel = document.querySelector("[data-practice]");
  if (!panel) return;
  const config = JSON.parse(panel.getAttribute("data-practice-config"));
  const T = config.text;
  const STORE = "egv-practice:" + config.lang;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  /* Storage: a broken or foreign entry, or storage that is switched off, means no progress. */
  function load() {
    try {
      const data = JSON.parse(localStorage.getItem(STORE) || "{}");
      const answers = data && typeof data.answers === "object" ? data.answers : {};
      return answers && !Array.isArray(answers) ? answers : {};
    } catch (e) {
      return {};
    }
  }

  function save() {
    const answers = {};
    for (const q of questions) if (q.chosen) answers[q.id] = q.chosen;
    try {
      localStorage.setItem(STORE, JSON.stringify({ answers: answers }));
    } catch (e) {
      /* private mode or full: the page still works, without memory */
    }
  }

  /* The questions, each from its heading to the next heading. */
  function collect(heading) {
    const parts = { heading: heading };
    let n = heading.nextElementSibling;
    for (; n && !/^H[23]$/.test(n.tagName); n = n.nextElementSibling) {
      if (n.hasAttribute("data-practice-stem")) parts.stem = n;
      else if (n.hasAttribute("data-practice-options")) parts.options = n;
      else if (n.matches("details[data-practice-key]")) parts.details = n;
    }
    return parts;
  }

  const questions = [];
  for (const heading of document.querySelectorAll("[data-practice-question]")) {
    const p = collect(heading);
    if (!p.stem || !p.options || !p.details) continue;
    questions.push(build(p));
  }
  if (!questions.length) return;

  function build(p) {
    const id = p.heading.getAttribute("data-practice-question");
    const q = {
      id: id,
      topic: p.heading.getAttribute("data-practice-topic"),
      key: p.details.getAttribute("data-practice-key"),
      details: p.details,
      chosen: null,
      inputs: {},
      labels: {},
    };
    const legend = el("legend", { class: "practice-question__stem" });
    legend.append(...p.stem.childNodes);
    const fieldset = el("fieldset", { class: "practice-question" }, [legend]);
    const choices = el("div", { class: "practice-question__choices" });
    let items;
    if (p.options.tagName === "UL") {
      items = Array.from(p.options.querySelectorAll(":scope > li[data-practice-option]")).map(
        (li) => [li.getAttribute("data-practice-option"), Array.from(li.childNodes)]
      );
    } else {
      /* options written as one code block: it stays as it is, the choices name its versions */
      items = p.options
        .getAttribute("data-practice-options")
        .split("")
        .map((letter) => [letter, [fill(T.version, { letter: letter })]]);
    }
    for (const [letter, content] of items) {
      const input = el("input", { type: "radio", name: "practice-" + id, value: letter });
      const text = el("span", { class: "practice-choice__text" }, content);
      const label = el("label", { class: "practice-choice" }, [input, text]);
      input.addEventListener("keydown", (e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          check(q);
        }
      });
      q.inputs[letter] = input;
      q.labels[letter] = label;
      choices.append(label);
    }
    q.button = el("button", {
      type: "button",
      class: "md-button practice-question__check",
      text: T.check,
    });
    q.button.addEventListener("click", () => check(q));
    q.feedback = el("p", { class: "practice-question__feedback", hidden: "" });
    q.actions = el("p", { class: "practice-question__actions" }, [q.button]);
    fieldset.append(choices, q.actions, q.feedback);
    q.fieldset = fieldset;

    /* the fieldset takes the place of the stem; a code block of options moves inside it,
       after the legend; an option list is replaced by the choices */
    p.stem.replaceWith(fieldset);
    if (p.options.tagName === "UL") p.options.remove();
    else legend.after(p.options);
    p.details.hidden = true; /* its summary names the key: shown once answered */
    return q;
  }

  /* The panel: title, how it works, the score table, the two buttons, the live region. */
  const topics = config.topics.map((t) => ({ id: t.id, name: t.name }));
  const tbody = el("tbody");
  for (const t of topics) {
    t.answered = el("td");
    t.correct = el("td");
    const link = el("a", { href: "#" + t.id, text: t.name });
    tbody.append(el("tr", {}, [el("td", {}, [link]), t.answered, t.correct]));
  }
  const total = { answered: el("td"), correct: el("td") };
  const table = el("table", { id: "practice-score" }, [
    el("caption", { text: T.caption }),
    el("thead", {}, [
      el("tr", {}, [
        el("th", { scope: "col", text: T.topicHead }),
        el("th", { scope: "col", text: T.answeredHead }),
        el("th", { scope: "col", text: T.correctHead }),
      ]),
    ]),
    tbody,
  ]);
  const all = el("td", { text: T.all });
  tbody.append(el("tr", { class: "practice__total" }, [all, total.answered, total.correct]));
  const primary = "md-button md-button--primary";
  const retry = el("button", { type: "button", class: primary, text: T.retry });
  const reset = el("button", { type: "button", class: "md-button", text: T.reset });
  const status = el("p", { class: "practice__status", role: "status", "aria-live": "polite" });
  panel.className = "practice admonition question";
  panel.append(
    el("p", { class: "admonition-title", text: T.title }),
    el("p", { text: T.intro }),
    table,
    el("p", { class: "practice__buttons" }, [retry, " ", reset]),
    status
  );
  panel.hidden = false;

  function announce(message) {
    /* a change of text is what screen readers announce; clear first so a repeat is heard */
    status.textContent = "";
    window.setTimeout(() => (status.textContent = message), 50);
  }

  function score() {
    const all = { answered: 0, correct: 0, total: 0 };
    for (const t of topics) {
      const mine = questions.filter((q) => q.topic === t.id);
      t.done = mine.filter((q) => q.chosen).length;
      t.right = mine.filter((q) => q.chosen === q.key).length;
      t.answered.textContent = fill(T.of, { answered: t.done, total: mine.length });
      t.correct.textContent = String(t.right);
      all.answered += t.done;
      all.correct += t.right;
      all.total += mine.length;
    }
    total.answered.textContent = fill(T.of, { answered: all.answered, total: all.total });
    total.correct.textContent = String(all.correct);
    retry.disabled = !questions.some((q) => q.chosen && q.chosen !== q.key);
  }

  function show(q) {
    /* an answered question: choices fixed and marked, feedback and explanation shown */
    const right = q.chosen === q.key;
    for (const [letter, input] of Object.entries(q.inputs)) {
      input.checked = letter === q.chosen;
      input.disabled = true;
      const label = q.labels[letter];
      label.querySelectorAll(".practice-choice__mark").forEach((m) => m.remove());
      const marks = [];
      if (letter === q.chosen) marks.push(T.yours);
      if (letter === q.key) marks.push(T.key);
      if (marks.length) {
        label.append(el("span", { class: "practice-choice__mark", text: marks.join(" · ") }));
      }
      label.classList.toggle("practice-choice--key", letter === q.key);
      label.classList.toggle("practice-choice--wrong", letter === q.chosen && !right);
    }
    q.fieldset.classList.toggle("practice-question--right", right);
    q.fieldset.classList.toggle("practice-question--wrong", !right);
    q.feedback.textContent = right ? T.right : fill(T.wrong, { chosen: q.chosen, key: q.key });
    q.feedback.hidden = false;
    q.actions.hidden = true;
    q.details.hidden = false;
    q.details.open = true;
  }

  function clear(q) {
    q.chosen = null;
    for (const [letter, input] of Object.entries(q.inputs)) {
      input.checked = false;
      input.disabled = false;
      const label = q.labels[letter];
      label.querySelectorAll(".practice-choice__mark").forEach((m) => m.remove());
      label.classList.remove("practice-choice--key", "practice-choice--wrong");
    }
    q.fieldset.classList.remove("practice-question--right", "practice-question--wrong");
    q.feedback.hidden = true;
    q.feedback.textContent = "";
    q.actions.hidden = false;
    q.details.open = false;
    q.details.hidden = true;
  }

  function check(q) {
    const picked = Object.values(q.inputs).find((input) => input.checked);
    if (!picked) {
      q.feedback.textContent = T.choose;
      q.feedback.hidden = false;
      announce(T.choose);
      return;
    }
    q.chosen = picked.value;
    show(q);
    save();
    score();
    const t = topics.find((t) => t.id === q.topic);
    const sofar = fill(T.topic, { topic: t.name, answered: t.done, correct: t.right });
    announce(q.feedback.textContent + " " + sofar);
    /* the checked radio is disabled now; the reader goes on from the explanation */
    q.details.querySelector("summary").focus();
  }

  function focusQuestion(q) {
    q.fieldset.scrollIntoView({ block: "center" });
    Object.values(q.inputs)[0].focus({ preventScroll: true });
  }

  retry.addEventListener("click", () => {
    const wrong = questions.filter((q) => q.chosen && q.chosen !== q.key);
    if (!wrong.length) return announce(T.noWrong);
    wrong.forEach(clear);
    save();
    score();
    announce(fill(T.retried, { n: wrong.length }));
    focusQuestion(wrong[0]);
  });

  reset.addEventListener("click", () => {
    questions.forEach(clear);
    save();
    score();
    announce(T.cleared);
  });

  /* Progress from an earlier visit: only ids and letters this page still has. */
  const saved = load();
  for (const q of questions) {
    const letter = saved[q.id];
    if (typeof letter === "string" && Object.prototype.hasOwnProperty.call(q.inputs, letter)) {
      q.chosen = letter;
      show(q);
    }
  }
  score();
})();
