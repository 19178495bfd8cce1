// Response payloads shaped like Cal.com's real answers (spec examples, adjusted to what the server source sends).

export const me = {
  id: 7,
  username: 'dr-rossi',
  email: 'rossi@example.com',
  name: 'Dr Rossi',
  avatarUrl: null,
  bio: null,
  timeFormat: 24,
  defaultScheduleId: 3,
  weekStart: 'Monday',
  timeZone: 'Europe/Rome',
  organizationId: null,
};

export const eventType = {
  id: 101,
  title: 'Consultation',
  slug: 'consultation',
  lengthInMinutes: 30,
  lengthInMinutesOptions: [30, 60],
  description: 'A first visit',
  locations: [
    { type: 'address', address: 'Via Roma 1, Milano', public: true },
    { type: 'integration', integration: 'cal-video' },
    { type: 'attendeePhone' },
    { type: 'somethingNew', extra: 1 },
  ],
  bookingFields: [
    { type: 'name', slug: 'name', label: 'Your name', required: true, isDefault: true, placeholder: '' },
    { type: 'email', slug: 'email', label: 'Email', required: true, isDefault: true, placeholder: '' },
    { type: 'textarea', slug: 'notes', required: false, hidden: false },
  ],
  disableGuests: false,
  slotInterval: null,
  minimumBookingNotice: 120,
  beforeEventBuffer: 0,
  afterEventBuffer: 10,
  recurrence: null,
  metadata: {},
  price: 0,
  currency: 'usd',
  hidden: false,
  bookingRequiresAuthentication: false,
  ownerId: 7,
  users: [{ id: 7, name: 'Dr Rossi' }],
  bookingUrl: 'https://cal.com/dr-rossi/consultation',
  scheduleId: null,
};

export const teamEventType = {
  ...eventType,
  id: 202,
  slug: 'team-intro',
  ownerId: null,
  teamId: 9,
  hosts: [
    { userId: 7, name: 'Dr Rossi', username: 'dr-rossi', mandatory: true, priority: 'high' },
    { userId: 8, name: 'Dr Bianchi', username: 'dr-bianchi', avatarUrl: null },
  ],
  schedulingType: 'roundRobin',
  assignAllTeamMembers: false,
  parentEventTypeId: null,
  team: { id: 9, slug: 'clinic', name: 'Clinic', bannerUrl: '', logoUrl: '', weekStart: 'Monday' },
};

export const team = { id: 9, name: 'Clinic', slug: 'clinic', isOrganization: false, timeZone: 'Europe/Rome' };

export const booking = {
  id: 555,
  uid: 'bk_abc123',
  title: 'Consultation between Dr Rossi and Ada',
  description: '',
  hosts: [{ id: 7, name: 'Dr Rossi', email: 'rossi@example.com', username: 'dr-rossi' }],
  status: 'accepted',
  start: '2026-11-25T09:00:00.000Z',
  end: '2026-11-25T09:30:00.000Z',
  duration: 30,
  eventTypeId: 101,
  eventType: { id: 101, slug: 'consultation' },
  location: 'https://app.cal.com/video/xyz',
  meetingUrl: 'https://app.cal.com/video/xyz',
  absentHost: false,
  createdAt: '2026-11-20T12:00:00.000Z',
  updatedAt: null,
  attendees: [
    { name: 'Ada', email: 'ada@example.com', timeZone: 'Europe/Rome', language: 'en', absent: false, phoneNumber: '+390211111111' },
  ],
  guests: [],
  bookingFieldsResponses: { name: 'Ada', email: 'ada@example.com' },
  metadata: { callId: 'call-1' },
};

export const reservation = {
  eventTypeId: 101,
  slotStart: '2026-11-25T09:00:00.000Z',
  slotEnd: '2026-11-25T09:30:00.000Z',
  slotDuration: 30,
  reservationUid: 'rsv_1',
  reservationDuration: 5,
  reservationUntil: '2026-11-20T12:05:00.000Z',
};
