"""The rule registry: each rule is a small class that registers itself with :func:`register`.

A rule has a ``code`` (the finding code), a default ``severity`` and ``check(context)``; it is built
with its clinic configuration so ``finding()`` stamps the configured severity. Adding a rule is adding
one file under ``service/validate/rules/`` and importing it in that package's ``__init__``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import ClassVar, TypeVar

from service.domain.findings import Finding, Severity
from service.validate.config import RuleConfig
from service.validate.context import ValidationContext

_RULES: dict[str, type[Rule]] = {}


class Rule(ABC):
    """Base of every rule."""

    code: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]

    def __init__(self, config: RuleConfig | None = None) -> None:
        self.config = config or RuleConfig()

    @property
    def effective_severity(self) -> Severity:
        """The clinic's severity for this rule, or its default."""
        return self.config.severity or self.severity

    def finding(
        self,
        detail: str,
        *,
        evidence: Iterable[int] = (),
        note_refs: Iterable[str] = (),
        ref: str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of this rule (severity from the clinic config unless given)."""
        return Finding(
            code=self.code,
            severity=severity or self.effective_severity,
            detail=detail,
            evidence=tuple(sorted(set(evidence))),
            note_refs=tuple(dict.fromkeys(note_refs)),
            ref=ref,
        )

    @abstractmethod
    def check(self, context: ValidationContext) -> list[Finding]:
        """Findings for this note; empty when the rule is satisfied."""


R = TypeVar("R", bound=type[Rule])


def register(rule: R) -> R:
    """Class decorator: add a rule to the registry (codes are unique)."""
    if rule.code in _RULES and _RULES[rule.code] is not rule:
        raise ValueError(f"two rules claim the code {rule.code}")
    _RULES[rule.code] = rule
    return rule


def registered() -> dict[str, type[Rule]]:
    """Every registered rule by code (importing the rules package registers them)."""
    import service.validate.rules  # noqa: F401  (registration happens on import)

    return dict(_RULES)


def known_codes() -> set[str]:
    """The codes of every registered rule."""
    return set(registered())
