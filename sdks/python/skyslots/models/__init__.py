"""Contains all the data models used in inputs/outputs"""

from .account_balance import AccountBalance
from .actor import Actor
from .analytics_day import AnalyticsDay
from .api_key import ApiKey
from .api_key_create import ApiKeyCreate
from .api_key_created import ApiKeyCreated
from .api_key_list import ApiKeyList
from .assignment import Assignment
from .attendee import Attendee
from .attendee_input import AttendeeInput
from .audit_event import AuditEvent
from .audit_event_list import AuditEventList
from .availability import Availability
from .availability_changed import AvailabilityChanged
from .balance import Balance
from .booked_by import BookedBy
from .booking import Booking
from .booking_answers import BookingAnswers
from .booking_cancel import BookingCancel
from .booking_create import BookingCreate
from .booking_create_answers import BookingCreateAnswers
from .booking_create_metadata import BookingCreateMetadata
from .booking_list import BookingList
from .booking_metadata import BookingMetadata
from .booking_payment import BookingPayment
from .booking_price import BookingPrice
from .booking_reschedule import BookingReschedule
from .booking_status import BookingStatus
from .busy_block import BusyBlock
from .busy_block_create import BusyBlockCreate
from .busy_block_list import BusyBlockList
from .calendar_connection import CalendarConnection
from .calendar_connection_create import CalendarConnectionCreate
from .calendar_connection_error import CalendarConnectionError
from .calendar_connection_kind import CalendarConnectionKind
from .calendar_connection_list import CalendarConnectionList
from .calendar_connection_status import CalendarConnectionStatus
from .calendar_connection_update import CalendarConnectionUpdate
from .calendar_error_code import CalendarErrorCode
from .calendar_event import CalendarEvent
from .calendar_feed import CalendarFeed
from .calendar_feed_create import CalendarFeedCreate
from .calendar_feed_list import CalendarFeedList
from .calendar_freshness import CalendarFreshness
from .cancellation import Cancellation
from .cancelled_by import CancelledBy
from .checkout_pages import CheckoutPages
from .checkout_pages_input import CheckoutPagesInput
from .date_override import DateOverride
from .date_override_input import DateOverrideInput
from .delivery_status_name import DeliveryStatusName
from .deposit import Deposit
from .deposit_input import DepositInput
from .deposit_kind import DepositKind
from .disabled_reason import DisabledReason
from .email import Email
from .email_kind import EmailKind
from .email_list import EmailList
from .email_preview import EmailPreview
from .email_recipient_role import EmailRecipientRole
from .email_settings import EmailSettings
from .email_status import EmailStatus
from .email_template import EmailTemplate
from .email_template_input import EmailTemplateInput
from .email_template_list import EmailTemplateList
from .email_template_preview_input import EmailTemplatePreviewInput
from .event import Event
from .event_cancellation import EventCancellation
from .event_data import EventData
from .event_list import EventList
from .event_type import EventType
from .feed_detail import FeedDetail
from .field_problem import FieldProblem
from .host import Host
from .host_create import HostCreate
from .host_list import HostList
from .host_update import HostUpdate
from .interval import Interval
from .interval_input import IntervalInput
from .link import Link
from .link_analytics import LinkAnalytics
from .link_create import LinkCreate
from .link_create_metadata import LinkCreateMetadata
from .link_duplicate import LinkDuplicate
from .link_list import LinkList
from .link_metadata import LinkMetadata
from .link_update import LinkUpdate
from .link_update_metadata import LinkUpdateMetadata
from .location import Location
from .location_input import LocationInput
from .location_kind import LocationKind
from .money import Money
from .offered_slot import OfferedSlot
from .offered_slot_input import OfferedSlotInput
from .onboarding_link import OnboardingLink
from .onboarding_link_create import OnboardingLinkCreate
from .one_time_link import OneTimeLink
from .one_time_link_create import OneTimeLinkCreate
from .one_time_link_created import OneTimeLinkCreated
from .one_time_link_list import OneTimeLinkList
from .one_time_link_status import OneTimeLinkStatus
from .organization import Organization
from .organization_update import OrganizationUpdate
from .payment import Payment
from .payment_account import PaymentAccount
from .payment_account_connect import PaymentAccountConnect
from .payment_list import PaymentList
from .payment_refund import PaymentRefund
from .payment_refund_create import PaymentRefundCreate
from .payment_status import PaymentStatus
from .payout import Payout
from .payout_list import PayoutList
from .policy import Policy
from .policy_input import PolicyInput
from .price import Price
from .price_collect import PriceCollect
from .price_input import PriceInput
from .price_unit import PriceUnit
from .problem import Problem
from .provider_webhook_received import ProviderWebhookReceived
from .public_booking import PublicBooking
from .public_booking_answers import PublicBookingAnswers
from .public_booking_create import PublicBookingCreate
from .public_booking_create_answers import PublicBookingCreateAnswers
from .public_booking_created import PublicBookingCreated
from .public_cancellation import PublicCancellation
from .public_link import PublicLink
from .public_one_time import PublicOneTime
from .public_organization import PublicOrganization
from .public_payments import PublicPayments
from .question import Question
from .question_input import QuestionInput
from .question_kind import QuestionKind
from .quote import Quote
from .quote_line import QuoteLine
from .quote_request import QuoteRequest
from .refund import Refund
from .refund_issued import RefundIssued
from .refund_reason import RefundReason
from .refund_status import RefundStatus
from .refund_tier import RefundTier
from .refund_tier_input import RefundTierInput
from .remote_calendar import RemoteCalendar
from .revenue_group_by import RevenueGroupBy
from .revenue_line import RevenueLine
from .revenue_report import RevenueReport
from .schedule import Schedule
from .schedule_create import ScheduleCreate
from .schedule_list import ScheduleList
from .schedule_update import ScheduleUpdate
from .scope import Scope
from .slot import Slot
from .target import Target
from .token import Token
from .token_create import TokenCreate
from .webhook_attempt import WebhookAttempt
from .webhook_delivery import WebhookDelivery
from .webhook_delivery_list import WebhookDeliveryList
from .webhook_endpoint import WebhookEndpoint
from .webhook_endpoint_create import WebhookEndpointCreate
from .webhook_endpoint_list import WebhookEndpointList
from .webhook_endpoint_secret import WebhookEndpointSecret
from .webhook_endpoint_update import WebhookEndpointUpdate
from .webhook_endpoint_with_secret import WebhookEndpointWithSecret
from .webhook_recovery import WebhookRecovery
from .webhook_secret_rotate import WebhookSecretRotate
from .weekday import Weekday
from .weekly_rule import WeeklyRule
from .weekly_rule_input import WeeklyRuleInput

__all__ = (
    "AccountBalance",
    "Actor",
    "AnalyticsDay",
    "ApiKey",
    "ApiKeyCreate",
    "ApiKeyCreated",
    "ApiKeyList",
    "Assignment",
    "Attendee",
    "AttendeeInput",
    "AuditEvent",
    "AuditEventList",
    "Availability",
    "AvailabilityChanged",
    "Balance",
    "BookedBy",
    "Booking",
    "BookingAnswers",
    "BookingCancel",
    "BookingCreate",
    "BookingCreateAnswers",
    "BookingCreateMetadata",
    "BookingList",
    "BookingMetadata",
    "BookingPayment",
    "BookingPrice",
    "BookingReschedule",
    "BookingStatus",
    "BusyBlock",
    "BusyBlockCreate",
    "BusyBlockList",
    "CalendarConnection",
    "CalendarConnectionCreate",
    "CalendarConnectionError",
    "CalendarConnectionKind",
    "CalendarConnectionList",
    "CalendarConnectionStatus",
    "CalendarConnectionUpdate",
    "CalendarErrorCode",
    "CalendarEvent",
    "CalendarFeed",
    "CalendarFeedCreate",
    "CalendarFeedList",
    "CalendarFreshness",
    "Cancellation",
    "CancelledBy",
    "CheckoutPages",
    "CheckoutPagesInput",
    "DateOverride",
    "DateOverrideInput",
    "DeliveryStatusName",
    "Deposit",
    "DepositInput",
    "DepositKind",
    "DisabledReason",
    "Email",
    "EmailKind",
    "EmailList",
    "EmailPreview",
    "EmailRecipientRole",
    "EmailSettings",
    "EmailStatus",
    "EmailTemplate",
    "EmailTemplateInput",
    "EmailTemplateList",
    "EmailTemplatePreviewInput",
    "Event",
    "EventCancellation",
    "EventData",
    "EventList",
    "EventType",
    "FeedDetail",
    "FieldProblem",
    "Host",
    "HostCreate",
    "HostList",
    "HostUpdate",
    "Interval",
    "IntervalInput",
    "Link",
    "LinkAnalytics",
    "LinkCreate",
    "LinkCreateMetadata",
    "LinkDuplicate",
    "LinkList",
    "LinkMetadata",
    "LinkUpdate",
    "LinkUpdateMetadata",
    "Location",
    "LocationInput",
    "LocationKind",
    "Money",
    "OfferedSlot",
    "OfferedSlotInput",
    "OnboardingLink",
    "OnboardingLinkCreate",
    "OneTimeLink",
    "OneTimeLinkCreate",
    "OneTimeLinkCreated",
    "OneTimeLinkList",
    "OneTimeLinkStatus",
    "Organization",
    "OrganizationUpdate",
    "Payment",
    "PaymentAccount",
    "PaymentAccountConnect",
    "PaymentList",
    "PaymentRefund",
    "PaymentRefundCreate",
    "PaymentStatus",
    "Payout",
    "PayoutList",
    "Policy",
    "PolicyInput",
    "Price",
    "PriceCollect",
    "PriceInput",
    "PriceUnit",
    "Problem",
    "ProviderWebhookReceived",
    "PublicBooking",
    "PublicBookingAnswers",
    "PublicBookingCreate",
    "PublicBookingCreateAnswers",
    "PublicBookingCreated",
    "PublicCancellation",
    "PublicLink",
    "PublicOneTime",
    "PublicOrganization",
    "PublicPayments",
    "Question",
    "QuestionInput",
    "QuestionKind",
    "Quote",
    "QuoteLine",
    "QuoteRequest",
    "Refund",
    "RefundIssued",
    "RefundReason",
    "RefundStatus",
    "RefundTier",
    "RefundTierInput",
    "RemoteCalendar",
    "RevenueGroupBy",
    "RevenueLine",
    "RevenueReport",
    "Schedule",
    "ScheduleCreate",
    "ScheduleList",
    "ScheduleUpdate",
    "Scope",
    "Slot",
    "Target",
    "Token",
    "TokenCreate",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookDeliveryList",
    "WebhookEndpoint",
    "WebhookEndpointCreate",
    "WebhookEndpointList",
    "WebhookEndpointSecret",
    "WebhookEndpointUpdate",
    "WebhookEndpointWithSecret",
    "WebhookRecovery",
    "WebhookSecretRotate",
    "Weekday",
    "WeeklyRule",
    "WeeklyRuleInput",
)
