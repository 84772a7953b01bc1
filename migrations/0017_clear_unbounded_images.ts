import { type Kysely, sql } from "kysely";

/**
 * Profile images are short https: links now (lib/account/field-bounds.ts). One stored before that
 * (a 9 MB string, or any non-https text) would still be read and sent by every get-session: gone.
 * Our pages never set an image, so no image the rule refuses came from them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update "user" set image = null
    where image is not null and (length(image) > 2048 or image !~* '^https://')`.execute(db);
}

/** The cleared images are not kept anywhere: nothing to restore. */
export async function down(): Promise<void> {}
