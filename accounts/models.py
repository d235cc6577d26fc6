"""People, partnerships, organisations and the partnership-level roles people hold."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from accounts.chain import ChainedModel, ChainedQuerySet
from accounts.local_authorities import authority_field, check_authority


class Partnership(models.Model):
    """A local safeguarding children partnership, and the settings of its configurable rules."""

    # The stored values of the partnership's rule settings. reviews reads them into its own
    # vocabulary (reviews.deadlines.Region, reviews.process.ClockOrigin); accounts does not
    # depend on reviews, and accounts/tests/test_partnership_settings.py keeps the two alike.
    class CalendarRegion(models.TextChoices):
        """The bank-holiday calendar the partnership follows."""

        ENGLAND_AND_WALES = "england-and-wales", "England and Wales"
        SCOTLAND = "scotland", "Scotland"
        NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"

    class ClockOrigin(models.TextChoices):
        """Which date starts the rapid review clock."""

        RECEIVED = "received", "The partnership received the notification"
        SENT_TO_PANEL = "sent-to-panel", "The notification was sent to the National Panel"
        LA_AWARE = "la-aware", "The local authority became aware"

    class LeadAuthority(models.TextChoices):
        WHERE_CHILD_LIVES = "child-lives", "Where the child normally lives"
        WHERE_INCIDENT_HAPPENED = "incident", "Where the incident happened"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=20, unique=True)
    code_prefix = models.CharField(
        max_length=4,
        unique=True,
        help_text="Letters in every case code, for example DS in ADS26.",
        validators=[RegexValidator(r"^[A-Z]{1,4}$", "Use 1 to 4 capital letters.")],
    )
    calendar_region = models.CharField(
        max_length=20,
        choices=CalendarRegion.choices,
        default=CalendarRegion.ENGLAND_AND_WALES,
    )
    clock_origin = models.CharField(
        max_length=20,
        choices=ClockOrigin.choices,
        default=ClockOrigin.RECEIVED,
        help_text="The date that starts the rapid review's 15 working days.",
    )
    pre_publication_notice_days = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Working days before publication that the final LCSPR report goes to the "
        "National Panel and the Secretary of State.",
    )
    lead_authority = models.CharField(
        max_length=20,
        choices=LeadAuthority.choices,
        # The National Panel's FAQ: the authority where the incident happened notifies and leads.
        default=LeadAuthority.WHERE_INCIDENT_HAPPENED,
        help_text="Which local authority leads when the incident and the child's home differ.",
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Working days before a due date that the people who act are reminded.",
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Working days overdue after which an item is escalated to the business team "
        "lead and the partner's lead (or the partnership chair).",
    )
    chair_is_independent = models.BooleanField(
        default=True,
        help_text="Whether the partnership's chair is independent of the safeguarding partners "
        "(Working Together 2023): names the role the partnership chair or independent chair.",
    )

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def chair_title(self) -> str:
        """The chair's role in words: independent or not, as the partnership says."""
        return "Partnership independent chair" if self.chair_is_independent else "Partnership chair"

    def chair_words(self, text: str) -> str:
        """``text`` (a role's label, a step's "who acts") naming the partnership chair as this
        partnership does: "independent" only when its chair is independent."""
        if self.chair_is_independent:
            return text
        return text.replace("artnership independent chair", "artnership chair")


class Organisation(models.Model):
    """An agency within a partnership: a statutory partner or a relevant agency."""

    class Kind(models.TextChoices):
        CHILDRENS_SOCIAL_CARE = "csc", "Local authority children's social care"
        POLICE = "police", "Police"
        ICB = "icb", "Integrated care board"
        SCHOOL = "school", "School"
        CAFCASS = "cafcass", "Cafcass"
        HEALTH_PROVIDER = "health", "Health provider"
        PROBATION = "probation", "Probation"
        OTHER = "other", "Other"

    # The three kinds that can be statutory safeguarding partners (Children Act 2004 s16E).
    STATUTORY_KINDS: ClassVar = frozenset({Kind.CHILDRENS_SOCIAL_CARE, Kind.POLICE, Kind.ICB})

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="organisations"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    is_statutory_partner = models.BooleanField(default=False)
    email = models.EmailField(blank=True, help_text="A shared mailbox for requests, if any.")
    local_authority = authority_field("organisations", "For children's social care: its")

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="organisation_name_unique_in_partnership"
            ),
            models.CheckConstraint(
                condition=~models.Q(is_statutory_partner=True)
                | models.Q(kind__in=["csc", "police", "icb"]),
                name="statutory_partner_is_la_police_or_icb",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Children's social care belongs to one of the partnership's local authorities."""
        needed = self.kind == self.Kind.CHILDRENS_SOCIAL_CARE
        check_authority(self.partnership_id, self.local_authority, needed=needed)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("Enter an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address."""

    class ReminderFrequency(models.TextChoices):
        """How a person hears about what they must do (the reminders, issue 13)."""

        DAILY = "daily", "A daily email on any working day something is due or overdue"
        WEEKLY = "weekly", "A weekly summary, and an email on other days only when overdue"

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        help_text="The partnership this person works in; empty only for system administrators.",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    reminder_frequency = models.CharField(
        max_length=10, choices=ReminderFrequency.choices, default=ReminderFrequency.DAILY
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar = ["full_name"]

    class Meta:
        ordering: ClassVar = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Membership(models.Model):
    """A person works for an organisation (they may work for more than one)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    job_title = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.organisation}"


class PartnershipRole(models.Model):
    """A role a person holds across the whole partnership.

    Roles held on one review only (panel member, independent author, agency contributor, ...)
    live on the review's own membership, not here.
    """

    class Role(models.TextChoices):
        BUSINESS_TEAM = "business-team", "Partnership business team"
        PARTNERSHIP_CHAIR = "partnership-chair", "Partnership independent chair"
        CSPR_SUBGROUP_CHAIR = "subgroup-chair", "CSPR subgroup independent chair"
        CSPR_SUBGROUP_MEMBER = "subgroup-member", "CSPR subgroup member"
        LEGAL_REPRESENTATIVE = "legal", "Local authority legal representative"
        AUDITOR = "auditor", "Auditor"
        # Working Together 2023: each statutory partner names a lead safeguarding partner and
        # delegated safeguarding partners, who make the partner's decisions (the row names it).
        LEAD_SAFEGUARDING_PARTNER = "lead-partner", "Lead safeguarding partner"
        DELEGATED_SAFEGUARDING_PARTNER = "delegated-partner", "Delegated safeguarding partner"

    # The roles that speak for one statutory partner, and so name it.
    SAFEGUARDING_PARTNER_ROLES: ClassVar = frozenset(
        {Role.LEAD_SAFEGUARDING_PARTNER, Role.DELEGATED_SAFEGUARDING_PARTNER}
    )

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="partnership_roles")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="safeguarding_partners",
        help_text="For a lead or delegated safeguarding partner: the statutory partner.",
    )
    local_authority = authority_field("roles", "For a legal representative: the")

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "partnership", "role"],
                condition=models.Q(organisation__isnull=True),
                name="one_role_row_per_person",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="one_partner_role_per_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    role__in=["lead-partner", "delegated-partner"], organisation__isnull=False
                )
                | (
                    ~models.Q(role__in=["lead-partner", "delegated-partner"])
                    & models.Q(organisation__isnull=True)
                ),
                name="safeguarding_partner_roles_name_their_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} ({self.partnership.short_name})"

    def clean(self) -> None:
        """A safeguarding partner speaks for one statutory partner of their own partnership;
        a legal representative works for one of its local authorities."""
        needed = self.role == self.Role.LEGAL_REPRESENTATIVE
        check_authority(self.partnership_id, self.local_authority, needed=needed)
        if self.role not in self.SAFEGUARDING_PARTNER_ROLES:
            return
        organisation = self.organisation
        if organisation is None or not (
            organisation.is_statutory_partner and organisation.partnership_id == self.partnership_id
        ):
            raise ValidationError(
                {"organisation": "Choose one of the partnership's statutory partners."}
            )


class AccountEvent(ChainedModel):
    """Something that happened to a person's account itself, such as setting up the second
    factor: append-only down to the database, like a review's events.

    A review's ``Event`` belongs to a review and its access log to reviews; a change to the
    account belongs to no review, so accounts keeps its own record.
    """

    class Kind(models.TextChoices):
        SECOND_FACTOR_SET_UP = "second-factor-set-up", "Set up an authenticator app"
        BACKUP_CODES_CREATED = "backup-codes-created", "Created backup codes"
        BACKUP_CODE_USED = "backup-code-used", "Signed in with a backup code"
        SECOND_FACTOR_RESET = "second-factor-reset", "Second factor reset by the business team"
        CALENDAR_FEED_MADE = "calendar-feed-made", "Made a calendar feed link"
        CALENDAR_FEED_RESET = "calendar-feed-reset", "Reset a calendar feed link"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="account_events")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    # Accounts does not read reviews' moment (accounts does not depend on reviews).
    created_at = models.DateTimeField(default=timezone.now)
    detail = models.JSONField(default=dict, blank=True)

    CHAIN_FIELDS: ClassVar = ("user", "kind", "created_at", "detail")

    objects = ChainedQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class AdminChange(ChainedModel):
    """One add, change or delete made in the admin (accounts.admin_audit writes it): who, which
    record, and each changed field's old and new values. Append-only and hash-chained down to
    the database, as AccountEvent is; the admin only lists it.
    """

    class Action(models.TextChoices):
        ADDED = "added", "Added"
        CHANGED = "changed", "Changed"
        DELETED = "deleted", "Deleted"

    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    model = models.CharField(max_length=100, help_text="app_label.model_name")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    changes = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now)

    CHAIN_FIELDS: ClassVar = (
        "actor",
        "action",
        "model",
        "object_id",
        "object_repr",
        "changes",
        "created_at",
    )

    objects = ChainedQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.actor}: {self.get_action_display()} {self.model} {self.object_repr}"
