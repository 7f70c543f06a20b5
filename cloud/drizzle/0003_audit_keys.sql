DROP INDEX "audit_chain_seq_uq";--> statement-breakpoint
DROP INDEX "audit_tenant_at_idx";--> statement-breakpoint
ALTER TABLE "audit_log" DROP COLUMN "id";--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_chain_seq_pk" PRIMARY KEY("chain","seq");
