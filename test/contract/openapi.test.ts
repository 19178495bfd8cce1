import { beforeAll, describe, expect, it } from 'vitest';
import * as bodies from './calcom-bodies.js';
import {
  ContractChecker,
  ContractRecorder,
  ERROR_ENVELOPE_SCHEMA,
  KNOWN_DEVIATIONS,
  SPEC_MISSING_REASON,
  pointerMatches,
  specAvailable,
  specPath,
  verifyDeviationsStillInSpec,
  type ContractViolation,
} from './openapi.js';

const HAVE_SPEC = specAvailable();

// A visible skip carrying the one-line reason, registered only when the spec is absent.
if (!HAVE_SPEC) it.skip(SPEC_MISSING_REASON, () => {});

/** The ajv instancePath each formatted error starts with ('' = whole body). */
function errorPaths(v: ContractViolation | null): string[] {
  return (v?.errors ?? []).map((e) => {
    const first = e.split(' ')[0] ?? '';
    return first === '(body)' ? '' : first;
  });
}

function expectPass(v: ContractViolation | null): void {
  // Print the errors when it fails: that is the readable diagnostic.
  expect(v?.errors ?? [], JSON.stringify(v, null, 2)).toEqual([]);
  expect(v).toBeNull();
}

describe.skipIf(!HAVE_SPEC)("Cal.com OpenAPI contract (spec at $CALCOM_OPENAPI or ../shared/calcom)", () => {
  let checker: ContractChecker;
  let timings: { loadMs: number; firstCompileMs: number; bookingCompileMs: number };

  beforeAll(() => {
    const t0 = performance.now();
    checker = ContractChecker.load();
    const t1 = performance.now();
    checker.checkResponse('GET', '/v2/me', 200, bodies.meBody());
    const t2 = performance.now();
    checker.checkResponse('POST', '/v2/bookings', 201, bodies.createBookingResponse());
    const t3 = performance.now();
    timings = { loadMs: t1 - t0, firstCompileMs: t2 - t1, bookingCompileMs: t3 - t2 };
    console.info(
      `[contract] ContractChecker.load ${timings.loadMs.toFixed(0)} ms; first compile (getMe) ${timings.firstCompileMs.toFixed(
        0,
      )} ms; createBooking 201 compile ${timings.bookingCompileMs.toFixed(0)} ms (spec ${specPath()})`,
    );
  });

  it('loads fast and caches (load + first compiles well under 3 s)', () => {
    expect(timings.loadMs + timings.firstCompileMs + timings.bookingCompileMs).toBeLessThan(3000);
    expect(ContractChecker.load()).toBe(checker);
    const t = performance.now();
    for (let i = 0; i < 200; i++) checker.checkResponse('POST', '/v2/bookings', 201, bodies.createBookingResponse());
    expect(performance.now() - t).toBeLessThan(500); // validators are cached, not recompiled
  });

  describe('matchOperation', () => {
    it('matches concrete paths to templates', () => {
      expect(checker.matchOperation('POST', '/v2/bookings/abc123/cancel')).toEqual({
        template: '/v2/bookings/{bookingUid}/cancel',
        operationId: 'BookingsController_2024_08_13_cancelBooking',
      });
      expect(checker.matchOperation('post', '/v2/bookings/abc123/reschedule')?.operationId).toBe(
        'BookingsController_2024_08_13_rescheduleBooking',
      );
      expect(checker.matchOperation('GET', '/v2/bookings/abc123')?.operationId).toBe('BookingsController_2024_08_13_getBooking');
      expect(checker.matchOperation('GET', '/v2/teams/311/event-types')?.operationId).toBe(
        'TeamsEventTypesController_getTeamEventTypes',
      );
      expect(checker.matchOperation('GET', '/v2/me')?.operationId).toBe('MeController_getMe');
    });

    it('prefers literal segments over {params}', () => {
      expect(checker.matchOperation('POST', '/v2/slots/reservations')).toEqual({
        template: '/v2/slots/reservations',
        operationId: 'SlotsController_2024_09_04_reserveSlot',
      });
      expect(checker.matchOperation('DELETE', '/v2/slots/reservations/e84be5a3')).toEqual({
        template: '/v2/slots/reservations/{uid}',
        operationId: 'SlotsController_2024_09_04_deleteReservedSlot',
      });
      expect(checker.matchOperation('GET', '/v2/bookings/by-seat/seat-1')?.operationId).toBe(
        'BookingsController_2024_08_13_getBookingBySeatUid',
      );
      // The literal /reservations exists only for POST; GET must not fall back to some /v2/slots/{x}.
      expect(checker.matchOperation('GET', '/v2/slots/reservations')).toBeUndefined();
    });

    it('ignores query strings, origins and trailing slashes', () => {
      expect(checker.matchOperation('GET', '/v2/slots?eventTypeId=1&start=2050-09-05&end=2050-09-06')?.operationId).toBe(
        'SlotsController_2024_09_04_getAvailableSlots',
      );
      expect(checker.matchOperation('GET', 'http://127.0.0.1:4010/v2/me/')?.operationId).toBe('MeController_getMe');
    });

    it('returns undefined for unknown paths; checks report them as violations', () => {
      expect(checker.matchOperation('GET', '/v2/nope')).toBeUndefined();
      expect(checker.matchOperation('GET', '/v1/bookings')).toBeUndefined();
      const v = checker.checkResponse('GET', '/v2/nope', 200, {});
      expect(v?.errors).toEqual(["path not in Cal.com's spec: GET /v2/nope"]);
      const wrongMethod = checker.checkRequest('PUT', '/v2/me', {});
      expect(wrongMethod?.errors[0]).toMatch(/PUT is not an operation of \/v2\/me .*GET, PATCH/);
    });
  });

  describe('realistic bodies pass', () => {
    it('MeController_getMe', () => {
      expectPass(checker.checkResponse('GET', '/v2/me', 200, bodies.meBody()));
    });

    it('EventTypesController_2024_06_14_getEventTypes', () => {
      expectPass(checker.checkResponse('GET', '/v2/event-types?username=giulia-rossi', 200, bodies.eventTypesBody()));
    });

    it('TeamsController_getTeams', () => {
      expectPass(checker.checkResponse('GET', '/v2/teams', 200, bodies.teamsBody()));
    });

    it('TeamsEventTypesController_getTeamEventTypes', () => {
      expectPass(checker.checkResponse('GET', '/v2/teams/311/event-types', 200, bodies.teamEventTypesBody()));
    });

    it('SlotsController_2024_09_04_getAvailableSlots: default format, range format, legacy strings, no slots', () => {
      expectPass(checker.checkResponse('GET', '/v2/slots', 200, bodies.slotsBody('time')));
      expectPass(checker.checkResponse('GET', '/v2/slots', 200, bodies.slotsBody('range')));
      expectPass(
        checker.checkResponse('GET', '/v2/slots', 200, {
          status: 'success',
          data: { '2050-09-05': ['2050-09-05T09:00:00.000+02:00'] },
        }),
      );
      expectPass(checker.checkResponse('GET', '/v2/slots', 200, { status: 'success', data: {} }));
      expectPass(
        checker.checkResponse('GET', '/v2/slots', 200, {
          status: 'success',
          data: {
            '2050-09-05': [
              { start: '2050-09-05T09:00:00.000+02:00', seatsBooked: 1, seatsRemaining: 3, seatsTotal: 4, bookingUid: 'bk1' },
            ],
          },
        }),
      );
    });

    it('SlotsController_2024_09_04_reserveSlot (request + 201 response)', () => {
      expectPass(checker.checkRequest('POST', '/v2/slots/reservations', bodies.reserveSlotRequest()));
      expectPass(checker.checkRequest('POST', '/v2/slots/reservations', { eventTypeId: 1203, slotStart: '2050-09-05T07:00:00Z' }));
      expectPass(checker.checkResponse('POST', '/v2/slots/reservations', 201, bodies.reserveSlotResponse()));
    });

    it('SlotsController_2024_09_04_deleteReservedSlot (no request body; 200 {status})', () => {
      expectPass(checker.checkRequest('DELETE', '/v2/slots/reservations/e84be5a3', undefined));
      expectPass(checker.checkResponse('DELETE', '/v2/slots/reservations/e84be5a3', 200, { status: 'success' }));
    });

    it('SlotsController_2024_09_04_getReservedSlot', () => {
      expectPass(checker.checkResponse('GET', '/v2/slots/reservations/e84be5a3', 200, bodies.reservedSlotBody()));
      expectPass(checker.checkResponse('GET', '/v2/slots/reservations/e84be5a3', 200, { status: 'success', data: null }));
    });

    it('BookingsController_2024_08_13_createBooking request with integration / address / phone / attendeePhone locations + metadata', () => {
      for (const location of [
        { type: 'integration', integration: 'cal-video' },
        { type: 'integration', integration: 'google-meet' },
        { type: 'address' },
        { type: 'phone' },
        { type: 'attendeePhone', phone: '+393331234567' },
        { type: 'attendeeAddress', address: 'Via Verdi 3, Milano' },
        { type: 'attendeeDefined', location: 'Bar Centrale' },
        { type: 'link' },
      ]) {
        expectPass(checker.checkRequest('POST', '/v2/bookings', bodies.createBookingRequest(location)));
      }
      const { location: _none, ...withoutLocation } = bodies.createBookingRequest();
      expectPass(checker.checkRequest('POST', '/v2/bookings', withoutLocation));
      expectPass(
        checker.checkRequest('POST', '/v2/bookings', {
          start: '2050-09-05T07:00:00Z',
          eventTypeSlug: 'prima-visita',
          teamSlug: 'studio-rossi',
          attendee: { name: 'Mario Bianchi', timeZone: 'Europe/Rome', phoneNumber: '+393331234567' },
        }),
      );
    });

    it('BookingsController_2024_08_13_createBooking 201 response', () => {
      expectPass(checker.checkResponse('POST', '/v2/bookings', 201, bodies.createBookingResponse()));
      expectPass(
        checker.checkResponse('POST', '/v2/bookings', 201, {
          status: 'success',
          data: bodies.bookingOutput({ status: 'pending', location: '+390212345678' }),
        }),
      );
    });

    it('BookingsController_2024_08_13_getBookings (plain + recurring occurrences)', () => {
      expectPass(checker.checkResponse('GET', '/v2/bookings?status=upcoming', 200, bodies.getBookingsResponse()));
      expectPass(
        checker.checkResponse(
          'GET',
          '/v2/bookings',
          200,
          bodies.getBookingsResponse([bodies.bookingOutput(), bodies.recurringBookingOutput()]),
        ),
      );
      expectPass(checker.checkResponse('GET', '/v2/bookings', 200, bodies.getBookingsResponse([])));
    });

    it('BookingsController_2024_08_13_getBooking (plain + recurring occurrence)', () => {
      expectPass(checker.checkResponse('GET', '/v2/bookings/bk7HdQ2mXk9PzRq1', 200, bodies.getBookingResponse()));
      expectPass(
        checker.checkResponse('GET', '/v2/bookings/bkRecurring0001', 200, {
          status: 'success',
          data: bodies.recurringBookingOutput(),
        }),
      );
    });

    it('BookingsController_2024_08_13_cancelBooking: request {} and with reason; 200 response', () => {
      expectPass(checker.checkRequest('POST', '/v2/bookings/bk7HdQ2mXk9PzRq1/cancel', {}));
      expectPass(
        checker.checkRequest('POST', '/v2/bookings/bk7HdQ2mXk9PzRq1/cancel', { cancellationReason: 'Caller asked to cancel' }),
      );
      expectPass(
        checker.checkRequest('POST', '/v2/bookings/bk7HdQ2mXk9PzRq1/cancel', { seatUid: 'seat-1', cancellationReason: 'x' }),
      );
      expectPass(checker.checkResponse('POST', '/v2/bookings/bk7HdQ2mXk9PzRq1/cancel', 200, bodies.cancelBookingResponse()));
    });

    it('BookingsController_2024_08_13_rescheduleBooking: request + 201 response', () => {
      expectPass(checker.checkRequest('POST', '/v2/bookings/bk7HdQ2mXk9PzRq1/reschedule', bodies.rescheduleBookingRequest()));
      expectPass(checker.checkRequest('POST', '/v2/bookings/bk7HdQ2mXk9PzRq1/reschedule', { start: '2050-09-06T12:00:00Z' }));
      expectPass(
        checker.checkRequest('POST', '/v2/bookings/bk7HdQ2mXk9PzRq1/reschedule', { start: '2050-09-06T12:00:00Z', seatUid: 's1' }),
      );
      expectPass(
        checker.checkResponse('POST', '/v2/bookings/bk7HdQ2mXk9PzRq1/reschedule', 201, bodies.rescheduleBookingResponse()),
      );
    });
  });

  describe('invalid bodies fail with readable errors', () => {
    it('booking request missing attendee.timeZone', () => {
      const body = bodies.createBookingRequest();
      delete (body.attendee as { timeZone?: string }).timeZone;
      const v = checker.checkRequest('POST', '/v2/bookings', body);
      expect(v).toMatchObject({
        kind: 'request',
        method: 'POST',
        path: '/v2/bookings',
        operationId: 'BookingsController_2024_08_13_createBooking',
      });
      expect(v?.errors).toEqual([
        "/attendee must have required property 'timeZone' (in CreateBookingAttendee)",
        "(body) must have required property 'instant' (in CreateInstantBookingInput_2024_08_13)",
        '(body) must match a schema in anyOf (tried: CreateBookingInput_2024_08_13 | CreateInstantBookingInput_2024_08_13 | CreateRecurringBookingInput_2024_08_13)',
      ]);
    });

    it('booking request without start, and with a location type Cal.com does not know', () => {
      const { start: _s, ...noStart } = bodies.createBookingRequest();
      expect(checker.checkRequest('POST', '/v2/bookings', noStart)?.errors).toContain(
        "(body) must have required property 'start' (in CreateBookingInput_2024_08_13)",
      );
      const v = checker.checkRequest('POST', '/v2/bookings', bodies.createBookingRequest({ type: 'teleport' }));
      expect(v?.errors[0]).toBe(
        '/location value of tag "type" must be in oneOf (got "teleport"; known: "address" | "attendeeAddress" | ' +
          '"attendeeDefined" | "attendeePhone" | "integration" | "link" | "phone" | "organizersDefaultApp")',
      );
      const noPhone = checker.checkRequest('POST', '/v2/bookings', bodies.createBookingRequest({ type: 'attendeePhone' }));
      expect(noPhone?.errors).toContain(
        "/location must have required property 'phone' (in BookingInputAttendeePhoneLocation_2024_08_13 (type=\"attendeePhone\"))",
      );
      const badIntegration = checker.checkRequest(
        'POST',
        '/v2/bookings',
        bodies.createBookingRequest({ type: 'integration', integration: 'ms-teams' }),
      );
      expect(badIntegration?.errors.join('\n')).toMatch(/\/location\/integration must be equal to one of the allowed values: \[.*"office365-video"/);
    });

    it('Me missing timeZone', () => {
      const body = bodies.meBody();
      delete (body.data as { timeZone?: string }).timeZone;
      const v = checker.checkResponse('GET', '/v2/me', 200, body);
      expect(v).toMatchObject({ kind: 'response', status: 200, operationId: 'MeController_getMe' });
      expect(v?.errors).toEqual(["/data must have required property 'timeZone' (in MeOutput)"]);
    });

    it('event types: location without its address, bookingField isDefault as string, users as strings', () => {
      const body = bodies.eventTypesBody();
      body.data[0]!.locations[1] = { type: 'address' } as never;
      (body.data[0]!.bookingFields[0] as { isDefault: unknown }).isDefault = 'yes';
      body.data[1]!.users = ['giulia-rossi'] as never;
      const v = checker.checkResponse('GET', '/v2/event-types', 200, body);
      expect(v?.errors).toEqual(
        expect.arrayContaining([
          "/data/0/locations/1 must have required property 'address' (in OutputAddressLocation_2024_06_14 (type=\"address\"))",
          '/data/0/bookingFields/0/isDefault must be boolean',
          '/data/1/users/0 must be object',
        ]),
      );
    });

    it('teams: id must be a number; team event types: hosts still validated as objects', () => {
      const teams = bodies.teamsBody();
      (teams.data[0] as { id: unknown }).id = '311';
      expect(checker.checkResponse('GET', '/v2/teams', 200, teams)?.errors).toEqual(['/data/0/id must be number']);

      const tet = bodies.teamEventTypesBody();
      tet.data[0]!.hosts = ['giulia-rossi'] as never;
      (tet.data[0] as { schedulingType: string }).schedulingType = 'ROUND_ROBIN';
      expect(checker.checkResponse('GET', '/v2/teams/311/event-types', 200, tet)?.errors).toEqual([
        '/data/0/hosts/0 must be object',
        '/data/0/schedulingType must be equal to one of the allowed values: ["roundRobin","collective","managed"]',
      ]);
    });

    it('slots: a bare date map (what the spec describes) and numeric items are rejected', () => {
      const bare = checker.checkResponse('GET', '/v2/slots', 200, bodies.slotsBody().data);
      expect(bare?.errors).toEqual([
        "(body) must have required property 'status' (in Real GET /v2/slots body (KNOWN_DEVIATIONS: slots-response-missing-envelope))",
        "(body) must have required property 'data' (in Real GET /v2/slots body (KNOWN_DEVIATIONS: slots-response-missing-envelope))",
      ]);
      const numeric = checker.checkResponse('GET', '/v2/slots', 200, { status: 'success', data: { '2050-09-05': [900] } });
      expect(numeric?.errors.join('\n')).toMatch(/\/data\/2050-09-05\/0 must be string/);
      const noStart = checker.checkResponse('GET', '/v2/slots', 200, { status: 'success', data: { '2050-09-05': [{ end: 'x' }] } });
      expect(noStart?.errors).toContain("/data/2050-09-05/0 must have required property 'start'");
    });

    it('reserve slot: request without slotStart; response without reservationUid', () => {
      expect(checker.checkRequest('POST', '/v2/slots/reservations', { eventTypeId: 1203 })?.errors).toEqual([
        "(body) must have required property 'slotStart' (in ReserveSlotInput_2024_09_04)",
      ]);
      const res = bodies.reserveSlotResponse();
      delete (res.data as { reservationUid?: string }).reservationUid;
      expect(checker.checkResponse('POST', '/v2/slots/reservations', 201, res)?.errors).toEqual([
        "/data must have required property 'reservationUid' (in ReserveSlotOutput_2024_09_04)",
      ]);
    });

    it('delete reserved slot: {} is rejected (the real shape is {status})', () => {
      expect(checker.checkResponse('DELETE', '/v2/slots/reservations/x', 200, {})?.errors).toEqual([
        "(body) must have required property 'status'",
      ]);
    });

    it('booking responses: host without timeZone, bad status, missing pagination', () => {
      const created = bodies.createBookingResponse();
      delete (created.data.hosts[0] as { timeZone?: string }).timeZone;
      expect(checker.checkResponse('POST', '/v2/bookings', 201, created)?.errors).toContain(
        "/data/hosts/0 must have required property 'timeZone' (in BookingHost)",
      );

      const got = bodies.getBookingResponse();
      (got.data as { status: string }).status = 'confirmed';
      expect(checker.checkResponse('GET', '/v2/bookings/x', 200, got)?.errors).toContain(
        '/data/status must be equal to one of the allowed values: ["cancelled","accepted","rejected","pending"]',
      );

      const { pagination: _p, ...list } = bodies.getBookingsResponse();
      expect(checker.checkResponse('GET', '/v2/bookings', 200, list)?.errors).toEqual([
        "(body) must have required property 'pagination' (in GetBookingsOutput_2024_08_13)",
      ]);
    });

    it('cancel: reason must be a string; response without uid; missing body', () => {
      const v = checker.checkRequest('POST', '/v2/bookings/x/cancel', { cancellationReason: 42 });
      expect(v?.errors).toContain('/cancellationReason must be string');
      expect(checker.checkRequest('POST', '/v2/bookings/x/cancel', undefined)?.errors[0]).toMatch(/request body is required/);
      const res = bodies.cancelBookingResponse();
      delete (res.data as { uid?: string }).uid;
      expect(checker.checkResponse('POST', '/v2/bookings/x/cancel', 200, res)?.errors).toContain(
        "/data must have required property 'uid' (in BookingOutput_2024_08_13)",
      );
    });

    it('reschedule: request without start', () => {
      expect(checker.checkRequest('POST', '/v2/bookings/x/reschedule', { reschedulingReason: 'x' })?.errors).toContain(
        "(body) must have required property 'start' (in RescheduleBookingInput_2024_08_13)",
      );
    });

    it('undocumented success statuses and unexpected bodies are violations', () => {
      expect(checker.checkResponse('POST', '/v2/bookings', 200, bodies.createBookingResponse())?.errors).toEqual([
        'status 200 is not documented for BookingsController_2024_08_13_createBooking (spec lists: 201)',
      ]);
      expect(checker.checkRequest('GET', '/v2/me', { x: 1 })?.errors[0]).toMatch(/declares no JSON request body/);
    });
  });

  describe('error envelope (ours: the spec lists no error responses)', () => {
    it('is marked as not from the spec', () => {
      expect(ERROR_ENVELOPE_SCHEMA.$comment).toMatch(/NOT FROM THE SPEC/);
      expect(ERROR_ENVELOPE_SCHEMA.title).toMatch(/not from Cal\.com's OpenAPI spec/);
    });

    it('accepts Cal.com error bodies for any >= 400 status', () => {
      expectPass(checker.checkResponse('POST', '/v2/bookings', 400, bodies.errorEnvelope('BAD_REQUEST', 'responses - {notes}error_required_field')));
      expectPass(
        checker.checkResponse('POST', '/v2/bookings', 409, {
          status: 'error',
          message: 'no_available_users_found_error',
          error: { code: 'no_available_users_found_error', message: 'No available users found.' },
        }),
      );
      expectPass(checker.checkResponse('GET', '/v2/me', 401, bodies.errorEnvelope('UnauthorizedException', 'Invalid API key', '/v2/me')));
      expectPass(
        checker.checkResponse('GET', '/v2/slots', 429, bodies.errorEnvelope('ThrottlerException', 'Too many requests. Please try again later.', '/v2/slots')),
      );
    });

    it('rejects bodies that are not the envelope, saying so', () => {
      const nest = checker.checkResponse('POST', '/v2/bookings', 500, { statusCode: 500, message: 'Internal server error' });
      expect(nest?.errors).toEqual([
        "(body) must have required property 'status' [error envelope: ours, not from the spec]",
        "(body) must have required property 'error' [error envelope: ours, not from the spec]",
      ]);
      const noCode = checker.checkResponse('GET', '/v2/me', 401, { status: 'error', error: { message: 'nope' } });
      expect(noCode?.errors).toEqual(["/error must have required property 'code' [error envelope: ours, not from the spec]"]);
      const wrongStatus = checker.checkResponse('GET', '/v2/me', 404, { status: 'success', error: { code: 'x', message: 'y' } });
      expect(wrongStatus?.errors).toEqual(['/status must be equal to constant: "error" [error envelope: ours, not from the spec]']);
    });
  });

  describe('known deviations', () => {
    /** A realistic body that the spec AS PUBLISHED gets wrong, for each deviation. */
    type Evidence = {
      kind: 'request' | 'response';
      method: string;
      path: string;
      status?: number;
      body: unknown;
      /** The spec is too loose here: the published spec ACCEPTS this wrong body (our patch rejects it). */
      publishedSpecAccepts?: true;
    };

    const withEventType = (patch: Record<string, unknown>, index = 0): unknown => {
      const body = bodies.eventTypesBody();
      Object.assign(body.data[index]!, patch);
      return body;
    };
    const withTeamEventType = (patch: Record<string, unknown>): unknown => {
      const body = bodies.teamEventTypesBody();
      Object.assign(body.data[0]!, patch);
      return body;
    };

    const evidence: Record<string, Evidence> = {
      'slots-response-missing-envelope': { kind: 'response', method: 'GET', path: '/v2/slots', status: 200, body: bodies.slotsBody() },
      'team-event-type-hosts-typed-string': {
        kind: 'response',
        method: 'GET',
        path: '/v2/teams/311/event-types',
        status: 200,
        body: bodies.teamEventTypesBody(),
      },
      'event-type-users-typed-string': { kind: 'response', method: 'GET', path: '/v2/event-types', status: 200, body: bodies.eventTypesBody() },
      'event-type-slotInterval-typed-object': {
        kind: 'response',
        method: 'GET',
        path: '/v2/event-types',
        status: 200,
        body: withEventType({ slotInterval: 15 }),
      },
      'event-type-seatsPerTimeSlot-typed-object': {
        kind: 'response',
        method: 'GET',
        path: '/v2/event-types',
        status: 200,
        body: withEventType({ seatsPerTimeSlot: 4, seats: { seatsPerTimeSlot: 4, showAttendeeInfo: false, showAvailabilityCount: true } }),
      },
      'event-type-forwardParamsSuccessRedirect-typed-object': {
        kind: 'response',
        method: 'GET',
        path: '/v2/event-types',
        status: 200,
        body: withEventType({ forwardParamsSuccessRedirect: true }),
      },
      'event-type-successRedirectUrl-typed-object': {
        kind: 'response',
        method: 'GET',
        path: '/v2/event-types',
        status: 200,
        body: withEventType({ successRedirectUrl: 'https://studio-rossi.it/grazie' }),
      },
      'event-type-ownerId-typed-object': {
        kind: 'response',
        method: 'GET',
        path: '/v2/teams/311/event-types',
        status: 200,
        body: withTeamEventType({ ownerId: 48213 }),
      },
      'event-type-parentEventTypeId-typed-object': {
        kind: 'response',
        method: 'GET',
        path: '/v2/teams/311/event-types',
        status: 200,
        body: withTeamEventType({ parentEventTypeId: 2300 }),
      },
      'event-type-seats-disabled-variant-missing': {
        kind: 'response',
        method: 'GET',
        path: '/v2/event-types',
        status: 200,
        body: withEventType({ seats: { disabled: true } }),
      },
      'event-type-bookingWindow-typed-array': {
        kind: 'response',
        method: 'GET',
        path: '/v2/event-types',
        status: 200,
        body: withEventType({ bookingWindow: { type: 'calendarDays', value: 30, rolling: false } }),
      },
      'event-type-locations-oneOf-overlap': {
        kind: 'response',
        method: 'GET',
        path: '/v2/event-types',
        status: 200,
        body: withEventType({ locations: [{ type: 'integration', integration: 'cal-video' }] }),
      },
      'event-type-bookingFields-oneOf-overlap': {
        kind: 'response',
        method: 'GET',
        path: '/v2/event-types',
        status: 200,
        body: bodies.eventTypesBody(),
      },
      'team-event-type-team-columns-nullable': {
        kind: 'response',
        method: 'GET',
        path: '/v2/teams/311/event-types',
        status: 200,
        body: bodies.teamEventTypesBody(),
      },
      'teams-nullable-columns-typed-non-null': { kind: 'response', method: 'GET', path: '/v2/teams', status: 200, body: bodies.teamsBody() },
      'create-booking-request-oneOf-overlap': {
        kind: 'request',
        method: 'POST',
        path: '/v2/bookings',
        body: (() => {
          const { location: _l, ...b } = bodies.createBookingRequest();
          return b;
        })(),
      },
      'create-booking-location-oneOf-overlap': {
        kind: 'request',
        method: 'POST',
        path: '/v2/bookings',
        body: bodies.createBookingRequest({ type: 'address' }),
      },
      'get-bookings-oneOf-overlap': {
        kind: 'response',
        method: 'GET',
        path: '/v2/bookings',
        status: 200,
        body: bodies.getBookingsResponse([bodies.bookingOutput(), bodies.recurringBookingOutput()]),
      },
      'get-booking-oneOf-overlap': {
        kind: 'response',
        method: 'GET',
        path: '/v2/bookings/bkRecurring0001',
        status: 200,
        body: { status: 'success', data: bodies.recurringBookingOutput() },
      },
      'cancel-booking-response-oneOf-overlap': {
        kind: 'response',
        method: 'POST',
        path: '/v2/bookings/bkRecurring0001/cancel',
        status: 200,
        body: { status: 'success', data: { ...bodies.recurringBookingOutput(), status: 'cancelled' } },
      },
      'reschedule-booking-response-oneOf-overlap': {
        kind: 'response',
        method: 'POST',
        path: '/v2/bookings/bkRecurring0001/reschedule',
        status: 201,
        body: { status: 'success', data: bodies.recurringBookingOutput() },
      },
      'cancel-booking-request-oneOf-overlap': {
        kind: 'request',
        method: 'POST',
        path: '/v2/bookings/bk1/cancel',
        body: { seatUid: '3be561a9-31f1-4b8e-aefc-9d9a085f0dd1', cancellationReason: 'Cannot attend' },
      },
      'reschedule-booking-request-oneOf-overlap': {
        kind: 'request',
        method: 'POST',
        path: '/v2/bookings/bk1/reschedule',
        body: { start: '2050-09-06T12:00:00Z', seatUid: '3be561a9-31f1-4b8e-aefc-9d9a085f0dd1' },
      },
      'delete-reserved-slot-response-untyped': {
        kind: 'response',
        method: 'DELETE',
        path: '/v2/slots/reservations/e84be5a3',
        status: 200,
        body: { deleted: true },
        publishedSpecAccepts: true,
      },
      'get-reserved-slot-data-self-reference': {
        kind: 'response',
        method: 'GET',
        path: '/v2/slots/reservations/e84be5a3',
        status: 200,
        body: bodies.reservedSlotBody(),
      },
    };

    /** The spec as published (no deviations patched in): built once, on first use. */
    let publishedChecker: ContractChecker | undefined;
    const published = (): ContractChecker => (publishedChecker ??= ContractChecker.load(undefined, { deviations: [] }));

    const check = (c: ContractChecker, e: Evidence): ContractViolation | null =>
      e.kind === 'request' ? c.checkRequest(e.method, e.path, e.body) : c.checkResponse(e.method, e.path, e.status ?? 200, e.body);

    it('each deviation is fully named', () => {
      const ids = KNOWN_DEVIATIONS.map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const d of KNOWN_DEVIATIONS) {
        expect(d.id).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/i);
        expect(d.specSays.length, d.id).toBeGreaterThan(10);
        expect(d.reality.length, d.id).toBeGreaterThan(10);
        expect(d.source.length, d.id).toBeGreaterThan(5);
        expect(d.where === '' || d.where.startsWith('/'), d.id).toBe(true);
        expect(d.patches.length, d.id).toBeGreaterThan(0);
        for (const op of [d.operationId, ...(d.alsoAffects ?? [])]) expect(checker.operationIds(), d.id).toContain(op);
      }
      // The deviations the brief called out by name are there.
      expect(ids).toEqual(
        expect.arrayContaining([
          'slots-response-missing-envelope',
          'team-event-type-hosts-typed-string',
          'event-type-slotInterval-typed-object',
          'get-bookings-oneOf-overlap',
          'delete-reserved-slot-response-untyped',
        ]),
      );
    });

    it('each deviation is still present in the spec (fails once Cal.com fixes it, so it can be removed)', () => {
      const results = verifyDeviationsStillInSpec(checker);
      expect(results.map((r) => r.id)).toEqual(KNOWN_DEVIATIONS.map((d) => d.id));
      const gone = results.filter((r) => !r.stillInSpec);
      expect(gone, JSON.stringify(gone, null, 2)).toEqual([]);
    });

    it('verifyDeviationsStillInSpec notices when the spec text changes', () => {
      const fixedSpec = ContractChecker.load(undefined, { deviations: [] });
      const schemas = (fixedSpec.rawSpec.components as { schemas: Record<string, { properties: Record<string, unknown> }> }).schemas;
      const hosts = schemas.TeamEventTypeOutput_2024_06_14!.properties;
      const original = hosts.hosts;
      hosts.hosts = { type: 'array', items: { $ref: '#/components/schemas/Host' } };
      try {
        const r = verifyDeviationsStillInSpec(fixedSpec).find((x) => x.id === 'team-event-type-hosts-typed-string');
        expect(r?.stillInSpec).toBe(false);
        expect(r?.problems[0]).toMatch(/TeamEventTypeOutput_2024_06_14\/properties\/hosts changed/);
      } finally {
        hosts.hosts = original;
      }
    });

    it('has evidence for every deviation', () => {
      expect(Object.keys(evidence).sort()).toEqual(KNOWN_DEVIATIONS.map((d) => d.id).sort());
    });

    describe.each(KNOWN_DEVIATIONS.map((d) => [d.id, d] as const))('%s', (id, d) => {
      it(`the published spec gets a realistic body wrong at ${d.where === '' ? '(body)' : d.where}; the patched checker accepts it`, () => {
        const e = evidence[id];
        expect(e, `no evidence for ${id}`).toBeDefined();
        if (!e) return;
        expect(e.kind).toBe(d.appliesTo);
        const matched = checker.matchOperation(e.method, e.path);
        expect([d.operationId, ...(d.alsoAffects ?? [])]).toContain(matched?.operationId);

        const raw = check(published(), e);
        if (e.publishedSpecAccepts) {
          expect(raw).toBeNull();
          // ...while the real shape is enforced:
          expect(check(checker, e)?.errors.length ?? 0).toBeGreaterThan(0);
          return;
        }
        expect(raw, `published spec unexpectedly accepts the ${id} evidence`).not.toBeNull();
        const at = errorPaths(raw).filter((p) => (d.where === '' ? p === '' : pointerMatches(d.where, p)));
        expect(at.length, `no error at ${d.where}; errors:\n${raw?.errors.join('\n')}`).toBeGreaterThan(0);
        expectPass(check(checker, e));
      });
    });
  });

  describe('ContractRecorder', () => {
    it('collects violations from requests and responses and lists them all', () => {
      const recorder = new ContractRecorder(checker);
      recorder.request('POST', '/v2/bookings', bodies.createBookingRequest());
      recorder.response('POST', '/v2/bookings', 201, bodies.createBookingResponse());
      expect(recorder.violations()).toEqual([]);
      expect(() => recorder.assertClean()).not.toThrow();

      const bad = bodies.createBookingRequest();
      delete (bad.attendee as { timeZone?: string }).timeZone;
      recorder.request('POST', '/v2/bookings', bad);
      const me = bodies.meBody();
      delete (me.data as { timeZone?: string }).timeZone;
      recorder.response('GET', '/v2/me', 200, me);
      recorder.response('GET', '/v2/unknown', 200, {});

      expect(recorder.violations()).toHaveLength(3);
      let message = '';
      try {
        recorder.assertClean();
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^3 Cal\.com contract violations in 5 checked messages/);
      expect(message).toContain('REQUEST POST /v2/bookings (BookingsController_2024_08_13_createBooking)');
      expect(message).toContain("    - /attendee must have required property 'timeZone' (in CreateBookingAttendee)");
      expect(message).toContain('RESPONSE GET /v2/me -> 200 (MeController_getMe)');
      expect(message).toContain("    - /data must have required property 'timeZone' (in MeOutput)");
      expect(message).toContain("RESPONSE GET /v2/unknown -> 200\n    - path not in Cal.com's spec: GET /v2/unknown");
    });
  });
});
