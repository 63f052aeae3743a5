"""Templates compiled once per language, their fixed messages translated as they compile (issue 18).

A page called `_()` hundreds of times per request (a large item page about 570 times, a meeting
page 160), and nearly every call asked for the same fixed message in the same language. Here a
template is compiled separately for each language, and a call with a literal message —
`_('理由')`, `_('第%(n)d版', n=…)` — becomes, in that language's compiled code, the translated
text itself (Jinja then writes it out with the page's static markup) or the translated text
formatted with its parameters (`%`, escaping each parameter as the runtime `_()` does). A call
whose message is not a literal (`_(labels[p.source])`) stays a call (negotiator.template_i18n).

The language is the one the request renders in (`force_locale` for mail in the recipient's
language included), read when the template is loaded; a template loaded outside any language
(a `from_string` template, a test) is compiled without folding and translates at render time.
"""

from __future__ import annotations

import contextvars
import weakref
from collections.abc import Callable, MutableMapping
from typing import Any

from flask import has_app_context
from flask.templating import Environment
from jinja2 import BytecodeCache, Template, nodes
from jinja2.visitor import NodeTransformer

from negotiator import template_i18n

GETTEXT = frozenset({"_", "gettext"})

# The language the template being loaded is compiled in, its messages folded (None: not folded).
_folding: contextvars.ContextVar[str | None] = contextvars.ContextVar("folding", default=None)


class LanguageBytecodeCache(BytecodeCache):
    """A bytecode cache for LanguageEnvironment: one entry per template and language."""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return f"{super().get_cache_key(name, filename)}.{_folding.get() or 'called'}"


class LanguageEnvironment(Environment):
    """Flask's environment, keeping one compiled template per (name, language)."""

    # False compiles every call as a call (tests compare the two; bench/ measures them).
    fold_messages = True

    def _load_template(self, name: str, globals: MutableMapping[str, Any] | None) -> Template:
        language = template_i18n.current_language() if has_app_context() else None
        if language is None or not self.fold_messages or self.loader is None:
            return super()._load_template(name, globals)
        if self.bytecode_cache is not None and not isinstance(
            self.bytecode_cache, LanguageBytecodeCache
        ):
            raise TypeError(
                "a bytecode cache must keep each language apart (LanguageBytecodeCache)"
            )
        # As Jinja's own _load_template (3.1), with the language in the key.
        key = (weakref.ref(self.loader), name, language)
        template = self.cache.get(key) if self.cache is not None else None
        if template is not None and (not self.auto_reload or template.is_up_to_date):
            if globals:
                template.globals.update(globals)
            return template
        folding = _folding.set(language)
        try:
            template = self.loader.load(self, name, self.make_globals(globals))
        finally:
            _folding.reset(folding)
        if self.cache is not None:
            self.cache[key] = template
        return template

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        if _folding.get() is None or assigns_gettext(tree):
            return tree
        return _Fold(template_i18n.translate).visit(tree)


def assigns_gettext(tree: nodes.Template) -> bool:
    """Whether the template assigns `_` or `gettext` itself (then no call of it is folded)."""
    return any(n.name in GETTEXT and n.ctx != "load" for n in tree.find_all(nodes.Name))


class _Fold(NodeTransformer):
    """`_('literal', k=v…)` → the translated literal (formatted with k=v…)."""

    def __init__(self, translate: Callable[[str], str]) -> None:
        self.translate = translate

    def visit_Call(self, call: nodes.Call) -> nodes.Node:  # noqa: N802 - Jinja's visitor naming
        call = self.generic_visit(call)
        message = _literal_message(call)
        if message is None:
            return call
        translated = self.translate(message)
        if not call.kwargs:
            try:  # the runtime `_()` formats even without parameters ('%%' → '%')
                translated = translated % {}
            except (TypeError, ValueError, KeyError):
                return call  # it fails at render time, as it always did
            return _node(nodes.MarkSafeIfAutoescape(nodes.Const(translated)), call)
        pairs = [nodes.Pair(nodes.Const(k.key), k.value) for k in call.kwargs]
        text = nodes.MarkSafeIfAutoescape(nodes.Const(translated))
        return _node(nodes.Mod(text, nodes.Dict(pairs)), call)


def _literal_message(call: nodes.Call) -> str | None:
    """The message of `_('…')` / `gettext('…')` with keyword parameters only, else None."""
    if not (isinstance(call.node, nodes.Name) and call.node.name in GETTEXT):
        return None
    if len(call.args) != 1 or call.dyn_args is not None or call.dyn_kwargs is not None:
        return None
    (arg,) = call.args
    if not isinstance(arg, nodes.Const) or not isinstance(arg.value, str) or not arg.value:
        return None  # gettext("") is the catalogue's header, left to the runtime
    return arg.value


def _node(new: nodes.Node, old: nodes.Node) -> nodes.Node:
    new.set_lineno(old.lineno)
    new.set_environment(old.environment)
    return new
