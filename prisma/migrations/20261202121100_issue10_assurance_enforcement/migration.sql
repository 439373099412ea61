-- AlterTable
ALTER TABLE "shortlists" ADD COLUMN     "seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "seen_states" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "standards" ADD COLUMN     "security_critical" BOOLEAN NOT NULL DEFAULT false;

-- Hand-written: /tmp/issue10_security.sql
-- Standards that carried no security flag before this migration: DSPT and Cyber Essentials Plus
-- are the security-critical supplier assurances (reference/domain.md).
UPDATE standards SET security_critical = true WHERE id IN ('DSPT', 'CEPLUS');

