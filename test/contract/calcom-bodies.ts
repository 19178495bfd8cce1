/**
 * Realistic Cal.com API v2 bodies, shaped like the real server's output (apps/api/v2 output services) and like
 * what our client sends. Each builder returns a fresh object, so tests may mutate it freely.
 * Used by test/contract/openapi.test.ts; the sandbox may reuse them as canned responses.
 */

const HOST = {
  id: 48213,
  name: 'Giulia Rossi',
  email: 'giulia@studio-rossi.it',
  displayEmail: 'giulia@studio-rossi.it',
  username: 'giulia-rossi',
  timeZone: 'Europe/Rome',
};

const ATTENDEE = {
  name: 'Mario Bianchi',
  email: 'mario.bianchi@example.com',
  displayEmail: 'mario.bianchi@example.com',
  timeZone: 'Europe/Rome',
  language: 'it',
  absent: false,
  phoneNumber: '+393331234567',
};

export function meBody() {
  return {
    status: 'success',
    data: {
      id: 48213,
      username: 'giulia-rossi',
      email: 'giulia@studio-rossi.it',
      name: 'Giulia Rossi',
      avatarUrl: null,
      bio: null,
      timeFormat: 24,
      defaultScheduleId: 90312,
      weekStart: 'Monday',
      timeZone: 'Europe/Rome',
      organizationId: null,
    },
  };
}

/** bookingFields as transformBookingFieldsInternalToApi emits them (system fields often carry no label). */
function bookingFields() {
  return [
    { isDefault: true, type: 'name', slug: 'name', required: true, disableOnPrefill: false },
    {
      isDefault: true,
      type: 'email',
      slug: 'email',
      required: true,
      label: 'Email address',
      placeholder: '',
      disableOnPrefill: false,
      hidden: false,
    },
    { isDefault: true, type: 'radioInput', slug: 'location', required: false, hidden: false },
    { isDefault: true, type: 'text', slug: 'title', required: true, hidden: true, disableOnPrefill: false },
    { isDefault: true, type: 'textarea', slug: 'notes', required: false, hidden: false, disableOnPrefill: false },
    { isDefault: true, type: 'multiemail', slug: 'guests', required: false, hidden: false, disableOnPrefill: false },
    { isDefault: true, type: 'textarea', slug: 'rescheduleReason', required: false, hidden: false, disableOnPrefill: false },
    {
      isDefault: false,
      type: 'phone',
      slug: 'callback-number',
      label: 'Callback number',
      required: true,
      placeholder: '+39 ...',
      disableOnPrefill: false,
      hidden: false,
    },
  ];
}

/** Fields common to personal and team event types (BaseEventTypeOutput_2024_06_14 as the server fills it). */
function baseEventType(id: number, slug: string, title: string) {
  return {
    id,
    lengthInMinutes: 30,
    title,
    slug,
    description: '',
    locations: [
      { type: 'integration', integration: 'cal-video' },
      { type: 'address', address: 'Via Roma 1, 20121 Milano', public: true },
      { type: 'phone', phone: '+390212345678', public: false },
      { type: 'attendeePhone' },
    ],
    bookingFields: bookingFields(),
    recurrence: null,
    disableGuests: false,
    slotInterval: null,
    minimumBookingNotice: 120,
    beforeEventBuffer: 0,
    afterEventBuffer: 0,
    metadata: {},
    price: 0,
    currency: 'usd',
    lockTimeZoneToggleOnBookingPage: false,
    forwardParamsSuccessRedirect: true,
    successRedirectUrl: null,
    isInstantEvent: false,
    scheduleId: null,
    bookingLimitsCount: { disabled: true },
    bookingLimitsDuration: { disabled: true },
    onlyShowFirstAvailableSlot: false,
    bookingWindow: { disabled: true },
    confirmationPolicy: { disabled: true },
    requiresBookerEmailVerification: false,
    hideCalendarNotes: false,
    seats: { disabled: true },
    useDestinationCalendarEmail: false,
    hideCalendarEventDetails: false,
    hideOrganizerEmail: false,
    hidden: false,
    bookingRequiresAuthentication: false,
    bookerActiveBookingsLimit: { disabled: true },
    disableCancelling: { disabled: false },
    disableRescheduling: { disabled: false },
    interfaceLanguage: null,
    allowReschedulingPastBookings: false,
    allowReschedulingCancelledBookings: false,
    showOptimizedSlots: false,
  };
}

export function eventTypesBody() {
  return {
    status: 'success',
    data: [
      {
        ...baseEventType(1203, 'consulenza', 'Consulenza'),
        ownerId: 48213,
        users: [
          {
            id: 48213,
            name: 'Giulia Rossi',
            username: 'giulia-rossi',
            avatarUrl: null,
            brandColor: '#292929',
            darkBrandColor: '#fafafa',
            weekStart: 'Monday',
            metadata: {},
          },
        ],
        bookingUrl: 'https://cal.com/giulia-rossi/consulenza',
      },
      {
        ...baseEventType(1204, 'follow-up', 'Follow-up'),
        lengthInMinutes: 15,
        lengthInMinutesOptions: [15, 30],
        slotInterval: 15,
        successRedirectUrl: 'https://studio-rossi.it/grazie',
        forwardParamsSuccessRedirect: false,
        bookingWindow: { type: 'businessDays', value: 10, rolling: true },
        bookerLayouts: { defaultLayout: 'month', enabledLayouts: ['month', 'week'] },
        color: { lightThemeHex: '#292929', darkThemeHex: '#fafafa' },
        ownerId: 48213,
        users: [
          {
            id: 48213,
            name: 'Giulia Rossi',
            username: 'giulia-rossi',
            avatarUrl: 'https://cal.com/api/avatar/d95949bc.png',
            brandColor: null,
            darkBrandColor: null,
            weekStart: 'Monday',
            metadata: {},
          },
        ],
        bookingUrl: 'https://cal.com/giulia-rossi/follow-up',
      },
    ],
  };
}

export function teamsBody() {
  return {
    status: 'success',
    data: [
      {
        id: 311,
        name: 'Studio Rossi',
        slug: 'studio-rossi',
        parentId: null,
        logoUrl: null,
        calVideoLogo: null,
        appLogo: null,
        appIconLogo: null,
        bio: null,
        hideBranding: false,
        isOrganization: false,
        isPrivate: false,
        hideBookATeamMember: false,
        metadata: null,
        theme: null,
        brandColor: null,
        darkBrandColor: null,
        bannerUrl: null,
        timeFormat: null,
        timeZone: 'Europe/Rome',
        weekStart: 'Monday',
      },
    ],
  };
}

export function teamEventTypesBody() {
  return {
    status: 'success',
    data: [
      {
        ...baseEventType(2301, 'prima-visita', 'Prima visita'),
        bookingUrl: '',
        teamId: 311,
        ownerId: null,
        parentEventTypeId: null,
        hosts: [
          {
            userId: 48213,
            name: 'Giulia Rossi',
            username: 'giulia-rossi',
            mandatory: true,
            priority: 'medium',
            avatarUrl: null,
          },
          { userId: 48214, name: 'Luca Verdi', username: 'luca-verdi', mandatory: false, priority: 'high' },
        ],
        assignAllTeamMembers: false,
        schedulingType: 'roundRobin',
        team: {
          id: 311,
          name: 'Studio Rossi',
          slug: 'studio-rossi',
          bannerUrl: null,
          logoUrl: null,
          weekStart: 'Monday',
          brandColor: null,
          darkBrandColor: null,
          theme: null,
        },
        rescheduleWithSameRoundRobinHost: false,
      },
    ],
  };
}

export function slotsBody(format: 'time' | 'range' = 'time') {
  const day1 = ['2050-09-05T09:00:00.000+02:00', '2050-09-05T09:30:00.000+02:00'];
  const day2 = ['2050-09-06T14:00:00.000+02:00'];
  const end = (s: string) => s.replace(/T(\d\d):(\d\d)/, (_m, h: string, mm: string) => {
    const minutes = Number(h) * 60 + Number(mm) + 30;
    return `T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  });
  const item = (s: string) => (format === 'range' ? { start: s, end: end(s) } : { start: s });
  return { status: 'success', data: { '2050-09-05': day1.map(item), '2050-09-06': day2.map(item) } };
}

export function reserveSlotRequest() {
  return { eventTypeId: 1203, slotStart: '2050-09-05T07:00:00.000Z', slotDuration: 30, reservationDuration: 5 };
}

export function reserveSlotResponse() {
  return {
    status: 'success',
    data: {
      eventTypeId: 1203,
      slotStart: '2050-09-05T07:00:00.000Z',
      slotEnd: '2050-09-05T07:30:00.000Z',
      slotDuration: 30,
      reservationUid: 'e84be5a3-4696-49e3-acc7-b2f3999c3b94',
      reservationDuration: 5,
      reservationUntil: '2050-09-01T10:16:12.000Z',
    },
  };
}

export function reservedSlotBody() {
  const { reservationDuration: _omitted, ...data } = reserveSlotResponse().data;
  return { status: 'success', data };
}

export function createBookingRequest(location: Record<string, unknown> = { type: 'integration', integration: 'cal-video' }) {
  return {
    start: '2050-09-05T07:00:00Z',
    eventTypeId: 1203,
    attendee: {
      name: 'Mario Bianchi',
      email: 'mario.bianchi@example.com',
      timeZone: 'Europe/Rome',
      phoneNumber: '+393331234567',
      language: 'it',
    },
    location,
    bookingFieldsResponses: { notes: 'Prima visita', 'callback-number': '+393331234567' },
    metadata: { callId: 'lk_call_5f2c9a', agent: 'voice-booking' },
  };
}

export function bookingOutput(overrides: Record<string, unknown> = {}) {
  return {
    id: 981234,
    uid: 'bk7HdQ2mXk9PzRq1',
    title: 'Consulenza between Giulia Rossi and Mario Bianchi',
    description: '',
    hosts: [{ ...HOST }],
    status: 'accepted',
    start: '2050-09-05T07:00:00.000Z',
    end: '2050-09-05T07:30:00.000Z',
    duration: 30,
    eventTypeId: 1203,
    eventType: { id: 1203, slug: 'consulenza' },
    location: 'https://app.cal.com/video/bk7HdQ2mXk9PzRq1',
    meetingUrl: 'https://app.cal.com/video/bk7HdQ2mXk9PzRq1',
    absentHost: false,
    createdAt: '2050-09-01T10:11:12.000Z',
    updatedAt: '2050-09-01T10:11:12.000Z',
    attendees: [{ ...ATTENDEE }],
    guests: [],
    bookingFieldsResponses: {
      name: 'Mario Bianchi',
      email: 'mario.bianchi@example.com',
      notes: 'Prima visita',
      'callback-number': '+393331234567',
    },
    metadata: { callId: 'lk_call_5f2c9a', agent: 'voice-booking' },
    icsUid: 'bk7HdQ2mXk9PzRq1@Cal.com',
    ...overrides,
  };
}

/** A single occurrence of a recurring booking (RecurringBookingOutput_2024_08_13). */
export function recurringBookingOutput() {
  return bookingOutput({
    id: 981300,
    uid: 'bkRecurring0001',
    recurringBookingUid: 'rec_0b1f2e3d',
    start: '2050-09-12T07:00:00.000Z',
    end: '2050-09-12T07:30:00.000Z',
  });
}

export function createBookingResponse() {
  return { status: 'success', data: bookingOutput() };
}

export function getBookingResponse() {
  return { status: 'success', data: bookingOutput() };
}

export function getBookingsResponse(data: unknown[] = [bookingOutput()]) {
  return {
    status: 'success',
    data,
    pagination: {
      totalItems: data.length,
      remainingItems: 0,
      returnedItems: data.length,
      itemsPerPage: 100,
      currentPage: 1,
      totalPages: 1,
      hasNextPage: false,
      hasPreviousPage: false,
    },
  };
}

export function cancelBookingResponse() {
  return {
    status: 'success',
    data: bookingOutput({
      status: 'cancelled',
      cancellationReason: 'Caller asked to cancel',
      cancelledByEmail: 'giulia@studio-rossi.it',
      updatedAt: '2050-09-02T08:00:00.000Z',
    }),
  };
}

export function rescheduleBookingRequest() {
  return {
    start: '2050-09-06T12:00:00Z',
    reschedulingReason: 'Caller is travelling',
    rescheduledBy: 'giulia@studio-rossi.it',
  };
}

export function rescheduleBookingResponse() {
  return {
    status: 'success',
    data: bookingOutput({
      id: 981235,
      uid: 'bkNew9Qw2Er4Ty6U',
      start: '2050-09-06T12:00:00.000Z',
      end: '2050-09-06T12:30:00.000Z',
      rescheduledFromUid: 'bk7HdQ2mXk9PzRq1',
      reschedulingReason: 'Caller is travelling',
      rescheduledByEmail: 'giulia@studio-rossi.it',
      location: 'https://app.cal.com/video/bkNew9Qw2Er4Ty6U',
      meetingUrl: 'https://app.cal.com/video/bkNew9Qw2Er4Ty6U',
    }),
  };
}

export function errorEnvelope(code: string, message: string, path = '/v2/bookings') {
  return { status: 'error', timestamp: '2050-09-01T10:11:12.345Z', path, error: { code, message } };
}
