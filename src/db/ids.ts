// The formats of the ids the database stores, so an id that cannot exist is refused (or answered
// "not found") before it reaches SQL: a malformed uuid fails a cast, an overlong text id a column.

// Ids that are uuids in the database: a malformed one must answer "not found", not fail a cast.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The characters after `opp_` an opportunity id may have: its column is VARCHAR(32). */
export const OPPORTUNITY_ID_SUFFIX_MAX_LENGTH = 28;
const OPPORTUNITY_ID = new RegExp(`^opp_[0-9a-z]{1,${OPPORTUNITY_ID_SUFFIX_MAX_LENGTH}}$`);

/** An opportunity id (`opp_` + lowercase letters and digits, as stored in VARCHAR(32)). */
export function isOpportunityId(value: string): boolean {
  return OPPORTUNITY_ID.test(value);
}

/** The characters after `usr_` a user id may have: its column is VARCHAR(32). */
export const USER_ID_SUFFIX_MAX_LENGTH = 28;
const USER_ID = new RegExp(`^usr_[0-9a-z]{1,${USER_ID_SUFFIX_MAX_LENGTH}}$`);

/** A user id (`usr_` + lowercase letters and digits, as stored in VARCHAR(32)). */
export function isUserId(value: string): boolean {
  return USER_ID.test(value);
}
