"""The CPD part of erasure (``accounts.erasure``) and of retention: reflections and
activities keep their dates, hours, types and links (what the CPD figures count) and lose
their words; evidence files are deleted from storage once the erasure commits."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from accounts.erasure import ERASED_TEXT, ErasureSubject

from .models import CpdProfile, Evidence, IssuedCertificate, ManualActivity, Reflection


def reflections_empty(reflections: QuerySet[Reflection]) -> int:
    """Empty the words of ``reflections`` (title, every entry); the number changed."""
    changed = 0
    for reflection in reflections.exclude(title=ERASED_TEXT):
        entries = dict.fromkeys(reflection.entries or {}, "")
        Reflection.objects.filter(pk=reflection.pk).update(title=ERASED_TEXT, entries=entries)
        changed += 1
    return changed


def evidence_delete(evidence: QuerySet[Evidence]) -> int:
    """Delete the evidence rows now and their files once the transaction commits."""
    files = [(e.file.storage, str(e.file.name)) for e in evidence if e.file]
    deleted, _ = evidence.delete()

    def remove() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove)
    return deleted


def erase(subject: ErasureSubject) -> None:
    user = subject.user
    subject.count("reflections", reflections_empty(Reflection.objects.filter(author=user)))
    subject.count("evidence files", evidence_delete(Evidence.objects.filter(activity__user=user)))
    activities = ManualActivity.objects.filter(user=user)
    subject.count("CPD activities", activities.update(title=ERASED_TEXT, description=""))
    # their edit history too, deleted activities included (their rows name the member)
    history = ManualActivity.history.filter(user=user)
    subject.count("CPD activity history", history.update(title=ERASED_TEXT, description=""))
    # A certificate prints the name: its verification page goes with it.
    subject.count("certificates", IssuedCertificate.objects.filter(user=user).delete()[0])
    profiles = CpdProfile.objects.filter(user=user)
    subject.count("CPD profile", profiles.update(summary_of_practice="", statements={}))
