from enum import StrEnum


class EmailKind(StrEnum):
    BOOKING_CANCELLED = "booking_cancelled"
    BOOKING_CONFIRMATION = "booking_confirmation"
    BOOKING_DECLINED = "booking_declined"
    BOOKING_FOLLOW_UP = "booking_follow_up"
    BOOKING_PENDING = "booking_pending"
    BOOKING_REMINDER = "booking_reminder"
    BOOKING_RESCHEDULED = "booking_rescheduled"
    HOST_BOOKING_CANCELLED = "host_booking_cancelled"
    HOST_BOOKING_CREATED = "host_booking_created"
    HOST_BOOKING_RESCHEDULED = "host_booking_rescheduled"
    ONE_TIME_LINK_INVITATION = "one_time_link_invitation"

    def __str__(self) -> str:
        return str(self.value)
