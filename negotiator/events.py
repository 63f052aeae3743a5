"""In-process domain events and facts: how a lower domain reaches the ones above it.

A domain never imports a higher one (see LAYERS in negotiator/__init__.py). When something
happens that a higher domain must react to, the lower one announces it, `emit(ITEM_REVISED,
item=…, …)`, and every handler registered for that name runs at once, in the same transaction,
in the order the domains registered (lowest layer first). When the lower domain needs a fact
only a higher one knows (whether an item was discussed at a meeting), it asks, `ask(name, …)`,
and the one provider registered for that name answers.

Each domain registers its own handlers and providers in its `handlers.register()`, which
create_app calls; registering is idempotent, so an app built twice does not run a handler twice.
Event names are constants in the module that emits them; the payload is keyword arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_handlers: dict[str, list[Callable[..., Any]]] = {}
_providers: dict[str, Callable[..., Any]] = {}


def on(name: str, handler: Callable[..., Any]) -> None:
    """Run `handler(**payload)` whenever `name` is emitted."""
    registered = _handlers.setdefault(name, [])
    if handler not in registered:
        registered.append(handler)


def emit(name: str, /, **payload: Any) -> list[Any]:
    """Run every handler of `name`; their results, in order (for counts such as reminders)."""
    return [handler(**payload) for handler in _handlers.get(name, ())]


def provide(name: str, provider: Callable[..., Any]) -> None:
    """Answer `ask(name, …)` with `provider(…)`; one provider per name."""
    _providers[name] = provider


def ask(name: str, /, *args: Any, **kwargs: Any) -> Any:
    """The registered provider's answer; a missing provider is a wiring error, not a default."""
    try:
        provider = _providers[name]
    except KeyError:
        raise LookupError(f"no provider for {name!r}: create_app registers them") from None
    return provider(*args, **kwargs)
