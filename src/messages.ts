/**
 * The composition root of the interface texts: lib's common texts and errors, and every platform area's
 * and feature's x.messages.ts, merged into one dictionary per language. Lower layers cannot import the
 * features, so the entry points (server, CLI, createApp, the test setup) install this with
 * installMessages. A part missing here leaves its keys out of `messages` and fails `tsc` below.
 */

import { accountEn, accountJa } from './features/account/account.messages.ts';
import { groupEn, groupJa } from './features/account/group.messages.ts';
import { householdPagesEn, householdPagesJa } from './features/account/household.messages.ts';
import { appointmentEn, appointmentJa } from './features/appointment/appointment.messages.ts';
import { appointmentChangeEn, appointmentChangeJa } from './features/appointment/appointment-change.messages.ts';
import { appointmentPagesEn, appointmentPagesJa } from './features/appointment/appointment-pages.messages.ts';
import { catalogueEn, catalogueJa } from './features/appointment/catalogue.messages.ts';
import { counterInsightsEn, counterInsightsJa } from './features/appointment/counter-insights.messages.ts';
import { queueEn, queueJa } from './features/appointment/queue.messages.ts';
import { queuePagesEn, queuePagesJa } from './features/appointment/queue-pages.messages.ts';
import { associationEn, associationJa } from './features/association/association.messages.ts';
import { availabilityEn, availabilityJa } from './features/availability/availability.messages.ts';
import { bookingEn, bookingJa } from './features/booking/booking.messages.ts';
import { facilityEn, facilityJa } from './features/facility/facility.messages.ts';
import { insightsEn, insightsJa } from './features/insights/insights.messages.ts';
import { lotteryEn, lotteryJa } from './features/lottery/lottery.messages.ts';
import { organisationPagesEn, organisationPagesJa } from './features/organisation/organisation.messages.ts';
import { searchEn, searchJa } from './features/search/search.messages.ts';
import { configEn, configJa } from './features/staff/config.messages.ts';
import { officeEn, officeJa } from './features/staff/office.messages.ts';
import { staffEn, staffJa } from './features/staff/staff.messages.ts';
import { staffRolesEn, staffRolesJa } from './features/staff/staff-roles.messages.ts';
import { composeMessages, type Dictionaries } from './lib/i18n.ts';
import { commonEn, commonJa } from './lib/messages/common.ts';
import { errorsEn, errorsJa } from './lib/messages/errors.ts';
import { authzEn, authzJa } from './platform/authz/authz.messages.ts';
import { filesEn, filesJa } from './platform/files/files.messages.ts';
import { householdEn, householdJa } from './platform/household/household.messages.ts';
import { lineEn, lineJa } from './platform/notify/line/line.messages.ts';
import { notifyEn, notifyJa } from './platform/notify/notify.messages.ts';
import { organisationEn, organisationJa } from './platform/organisation/organisation.messages.ts';

/** Every part, named by its file (a key defined twice is reported with both names). */
export const messageParts = {
  'lib/messages/common.ts': { ja: commonJa, en: commonEn },
  'lib/messages/errors.ts': { ja: errorsJa, en: errorsEn },
  'platform/authz/authz.messages.ts': { ja: authzJa, en: authzEn },
  'platform/files/files.messages.ts': { ja: filesJa, en: filesEn },
  'platform/household/household.messages.ts': { ja: householdJa, en: householdEn },
  'platform/notify/line/line.messages.ts': { ja: lineJa, en: lineEn },
  'platform/notify/notify.messages.ts': { ja: notifyJa, en: notifyEn },
  'platform/organisation/organisation.messages.ts': { ja: organisationJa, en: organisationEn },
  'features/account/account.messages.ts': { ja: accountJa, en: accountEn },
  'features/account/group.messages.ts': { ja: groupJa, en: groupEn },
  'features/account/household.messages.ts': { ja: householdPagesJa, en: householdPagesEn },
  'features/appointment/catalogue.messages.ts': { ja: catalogueJa, en: catalogueEn },
  'features/appointment/counter-insights.messages.ts': { ja: counterInsightsJa, en: counterInsightsEn },
  'features/appointment/queue.messages.ts': { ja: queueJa, en: queueEn },
  'features/appointment/queue-pages.messages.ts': { ja: queuePagesJa, en: queuePagesEn },
  'features/appointment/appointment.messages.ts': { ja: appointmentJa, en: appointmentEn },
  'features/appointment/appointment-pages.messages.ts': { ja: appointmentPagesJa, en: appointmentPagesEn },
  'features/appointment/appointment-change.messages.ts': { ja: appointmentChangeJa, en: appointmentChangeEn },
  'features/association/association.messages.ts': { ja: associationJa, en: associationEn },
  'features/availability/availability.messages.ts': { ja: availabilityJa, en: availabilityEn },
  'features/booking/booking.messages.ts': { ja: bookingJa, en: bookingEn },
  'features/facility/facility.messages.ts': { ja: facilityJa, en: facilityEn },
  'features/insights/insights.messages.ts': { ja: insightsJa, en: insightsEn },
  'features/lottery/lottery.messages.ts': { ja: lotteryJa, en: lotteryEn },
  'features/organisation/organisation.messages.ts': { ja: organisationPagesJa, en: organisationPagesEn },
  'features/search/search.messages.ts': { ja: searchJa, en: searchEn },
  'features/staff/config.messages.ts': { ja: configJa, en: configEn },
  'features/staff/office.messages.ts': { ja: officeJa, en: officeEn },
  'features/staff/staff-roles.messages.ts': { ja: staffRolesJa, en: staffRolesEn },
  'features/staff/staff.messages.ts': { ja: staffJa, en: staffEn },
};

export const messages: Dictionaries = composeMessages(messageParts);
