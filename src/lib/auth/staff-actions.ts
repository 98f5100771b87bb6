/**
 * The actions only a signed-in staff member may run. The middleware refuses them without a
 * session before their input is even read, and each handler checks again.
 */
export const staffOnlyActions: ReadonlySet<string> = new Set(['signOut', 'endSession', 'moderate', 'editSignature', 'deliverLetter', 'setStaffPreferences']);
