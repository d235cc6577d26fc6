from typing import Any

from django.apps import AppConfig


def _dated_by_the_moment(sender: Any, history_instance: Any, **kwargs: Any) -> None:
    """A change in the history carries the moment of the action that made it (reviews.moment),
    like the action's event, so a replayed day's changes are dated that day."""
    from reviews import moment  # noqa: PLC0415  the app registry is ready only now

    history_instance.history_date = moment.now()


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from simple_history.signals import pre_create_historical_record  # noqa: PLC0415

        pre_create_historical_record.connect(_dated_by_the_moment, dispatch_uid="moment")
