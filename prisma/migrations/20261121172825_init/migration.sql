
-- Hand-written: prisma/extensions.sql
-- Extensions the schema relies on (trigram indexes for typo-tolerant search).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "FrameworkStatus" AS ENUM ('COMING', 'OPEN', 'LIVE', 'EXPIRED');

-- CreateEnum
CREATE TYPE "FundingType" AS ENUM ('CENTRAL', 'LOCAL');

-- CreateEnum
CREATE TYPE "ReferenceStatus" AS ENUM ('ACTIVE', 'EXPIRED');

-- CreateEnum
CREATE TYPE "EpicLevel" AS ENUM ('MUST', 'SHOULD', 'MAY');

-- CreateEnum
CREATE TYPE "StandardKind" AS ENUM ('OVERARCHING', 'INTEROPERABILITY', 'CAPABILITY', 'SUPPLIER_ASSURANCE');

-- CreateEnum
CREATE TYPE "CatalogueItemKind" AS ENUM ('SOLUTION', 'ADDITIONAL_SERVICE', 'ASSOCIATED_SERVICE');

-- CreateEnum
CREATE TYPE "PublicationStatus" AS ENUM ('DRAFT', 'UNPUBLISHED', 'PUBLISHED', 'IN_REMEDIATION', 'SUSPENDED');

-- CreateEnum
CREATE TYPE "PracticeReorganisationType" AS ENUM ('MERGER', 'SPLIT');

-- CreateEnum
CREATE TYPE "RevisionStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'CHANGES_REQUESTED', 'APPROVED', 'SUPERSEDED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "CapabilityAssessmentResult" AS ENUM ('PASSED_FULL', 'PASSED_PARTIAL', 'FAILED');

-- CreateEnum
CREATE TYPE "EpicAssessmentResult" AS ENUM ('PASSED', 'NOT_EVIDENCED', 'FAILED');

-- CreateEnum
CREATE TYPE "IntegrationGroup" AS ENUM ('IM1', 'GP_CONNECT', 'NHS_APP');

-- CreateEnum
CREATE TYPE "IntegrationRole" AS ENUM ('PROVIDER', 'CONSUMER');

-- CreateEnum
CREATE TYPE "HostingType" AS ENUM ('PUBLIC_CLOUD', 'PRIVATE_CLOUD', 'HYBRID', 'ON_PREMISE');

-- CreateEnum
CREATE TYPE "ApplicationType" AS ENUM ('BROWSER_BASED', 'MOBILE_OR_TABLET', 'DESKTOP');

-- CreateEnum
CREATE TYPE "ProvisioningType" AS ENUM ('PATIENT', 'DECLARATIVE', 'ON_DEMAND');

-- CreateEnum
CREATE TYPE "PriceType" AS ENUM ('FLAT', 'TIERED');

-- CreateEnum
CREATE TYPE "CalculationType" AS ENUM ('SINGLE_FIXED', 'VOLUME', 'CUMULATIVE');

-- CreateEnum
CREATE TYPE "BillingPeriod" AS ENUM ('MONTHLY', 'YEARLY', 'ONE_OFF');

-- CreateEnum
CREATE TYPE "PriceStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'UNPUBLISHED');

-- CreateEnum
CREATE TYPE "AssuranceStatus" AS ENUM ('ASSURED', 'EXPIRING', 'LAPSED', 'IN_REMEDIATION', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "EvidenceStatus" AS ENUM ('PENDING', 'ACCEPTED', 'REJECTED');

-- CreateEnum
CREATE TYPE "OrganisationType" AS ENUM ('GP_PRACTICE', 'ICB', 'CCG', 'SUB_ICB_LOCATION', 'CSU', 'EXECUTIVE_AGENCY', 'SUPPLIER');

-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('BUYER', 'ACCOUNT_MANAGER', 'SUPPLIER', 'SUPPLIER_ACCOUNT_MANAGER', 'AUTHORITY');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('IN_PROGRESS', 'COMPLETED', 'TERMINATED', 'DELETED');

-- CreateEnum
CREATE TYPE "OrderType" AS ENUM ('NEW', 'RENEWAL', 'AMENDMENT', 'REPLACEMENT');

-- CreateEnum
CREATE TYPE "OrderFundingType" AS ENUM ('NO_FUNDING_REQUIRED', 'LOCAL', 'CENTRAL');

-- CreateEnum
CREATE TYPE "ContractStatus" AS ENUM ('ACTIVE', 'EXPIRING', 'EXPIRED', 'RENEWED', 'FLAGGED_FOR_TERMINATION', 'TERMINATED');

-- CreateEnum
CREATE TYPE "PaymentState" AS ENUM ('NOT_BILLED', 'INVOICED_OUTSIDE_CATALOGUE', 'PENDING', 'INVOICED', 'PAID', 'PAYMENT_FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "TerminationReason" AS ENUM ('ASSURANCE_LAPSED_REMEDIATION_FAILED', 'SOLUTION_SUSPENDED');

-- CreateEnum
CREATE TYPE "TerminationFlagStatus" AS ENUM ('OPEN', 'NOTICE_ISSUED', 'CLEARED');

-- CreateEnum
CREATE TYPE "TerminationInitiator" AS ENUM ('BUYER', 'AUTHORITY');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'PROCESSING', 'DONE', 'FAILED', 'DEAD');

-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('QUEUED', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "frameworks" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "short_name" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "funding_types" "FundingType"[],
    "max_term_months" INTEGER NOT NULL,
    "starts_on" DATE,
    "ends_on" DATE,
    "status" "FrameworkStatus" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "frameworks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "framework_capabilities" (
    "framework_id" TEXT NOT NULL,
    "capability_id" TEXT NOT NULL,

    CONSTRAINT "framework_capabilities_pkey" PRIMARY KEY ("framework_id","capability_id")
);

-- CreateTable
CREATE TABLE "framework_standards" (
    "framework_id" TEXT NOT NULL,
    "standard_id" TEXT NOT NULL,

    CONSTRAINT "framework_standards_pkey" PRIMARY KEY ("framework_id","standard_id")
);

-- CreateTable
CREATE TABLE "capability_categories" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,

    CONSTRAINT "capability_categories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "capabilities" (
    "id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category_id" TEXT NOT NULL,
    "status" "ReferenceStatus" NOT NULL DEFAULT 'ACTIVE',
    "is_foundation" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "capabilities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "epics" (
    "id" TEXT NOT NULL,
    "capability_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" "EpicLevel" NOT NULL,
    "status" "ReferenceStatus" NOT NULL DEFAULT 'ACTIVE',

    CONSTRAINT "epics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "standards" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "url" TEXT,
    "kind" "StandardKind" NOT NULL,
    "is_overarching" BOOLEAN NOT NULL DEFAULT false,
    "expires_on_cycle" BOOLEAN NOT NULL DEFAULT false,
    "cycle_months" INTEGER,
    "annual_deadline" TEXT,
    "warning_window_days" INTEGER NOT NULL DEFAULT 60,
    "safety_critical" BOOLEAN NOT NULL DEFAULT false,
    "status" "ReferenceStatus" NOT NULL DEFAULT 'ACTIVE',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "standards_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "suppliers" (
    "id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "legal_name" TEXT NOT NULL,
    "summary" TEXT,
    "website" TEXT,
    "address_line_1" TEXT,
    "address_line_2" TEXT,
    "town" TEXT,
    "county" TEXT,
    "postcode" TEXT,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "suppliers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supplier_contacts" (
    "id" TEXT NOT NULL,
    "supplier_id" INTEGER NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT,
    "department" TEXT,
    "is_primary" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "supplier_contacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalogue_items" (
    "id" TEXT NOT NULL,
    "kind" "CatalogueItemKind" NOT NULL,
    "supplier_id" INTEGER NOT NULL,
    "parent_solution_id" TEXT,
    "name" TEXT NOT NULL,
    "publication_status" "PublicationStatus" NOT NULL DEFAULT 'DRAFT',
    "published_revision_id" TEXT,
    "published_at" TIMESTAMPTZ(3),
    "summary" TEXT,
    "description" TEXT,
    "features" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "implementation_timescales" TEXT,
    "service_levels" TEXT,
    "roadmap" TEXT,
    "about_url" TEXT,
    "order_guidance" TEXT,
    "practice_reorganisation" "PracticeReorganisationType",
    "withdrawn_at" TIMESTAMPTZ(3),
    "withdrawn_reason" TEXT,
    "remediation_deadline" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "catalogue_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "listing_revisions" (
    "id" TEXT NOT NULL,
    "catalogue_item_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "status" "RevisionStatus" NOT NULL DEFAULT 'DRAFT',
    "content" JSONB NOT NULL,
    "created_by_id" TEXT,
    "submitted_at" TIMESTAMPTZ(3),
    "reviewed_at" TIMESTAMPTZ(3),
    "reviewed_by_id" TEXT,
    "review_comments" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "listing_revisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "solution_capabilities" (
    "catalogue_item_id" TEXT NOT NULL,
    "capability_id" TEXT NOT NULL,
    "assessment_result" "CapabilityAssessmentResult" NOT NULL,

    CONSTRAINT "solution_capabilities_pkey" PRIMARY KEY ("catalogue_item_id","capability_id")
);

-- CreateTable
CREATE TABLE "solution_epics" (
    "catalogue_item_id" TEXT NOT NULL,
    "epic_id" TEXT NOT NULL,
    "result" "EpicAssessmentResult" NOT NULL,

    CONSTRAINT "solution_epics_pkey" PRIMARY KEY ("catalogue_item_id","epic_id")
);

-- CreateTable
CREATE TABLE "integration_types" (
    "id" TEXT NOT NULL,
    "group" "IntegrationGroup" NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "standard_id" TEXT,

    CONSTRAINT "integration_types_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "solution_integrations" (
    "id" TEXT NOT NULL,
    "catalogue_item_id" TEXT NOT NULL,
    "integration_type_id" TEXT NOT NULL,
    "role" "IntegrationRole" NOT NULL,
    "description" TEXT,

    CONSTRAINT "solution_integrations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "solution_hosting_types" (
    "catalogue_item_id" TEXT NOT NULL,
    "hosting_type" "HostingType" NOT NULL,
    "summary" TEXT,
    "hscn_required" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "solution_hosting_types_pkey" PRIMARY KEY ("catalogue_item_id","hosting_type")
);

-- CreateTable
CREATE TABLE "solution_application_types" (
    "catalogue_item_id" TEXT NOT NULL,
    "application_type" "ApplicationType" NOT NULL,
    "description" TEXT,

    CONSTRAINT "solution_application_types_pkey" PRIMARY KEY ("catalogue_item_id","application_type")
);

-- CreateTable
CREATE TABLE "framework_solutions" (
    "catalogue_item_id" TEXT NOT NULL,
    "framework_id" TEXT NOT NULL,
    "is_foundation" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "framework_solutions_pkey" PRIMARY KEY ("catalogue_item_id","framework_id")
);

-- CreateTable
CREATE TABLE "search_documents" (
    "catalogue_item_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "document" JSONB NOT NULL,
    "search_vector" tsvector,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "search_documents_pkey" PRIMARY KEY ("catalogue_item_id")
);

-- CreateTable
CREATE TABLE "prices" (
    "id" TEXT NOT NULL,
    "catalogue_item_id" TEXT NOT NULL,
    "provisioning_type" "ProvisioningType" NOT NULL,
    "price_type" "PriceType" NOT NULL,
    "calculation_type" "CalculationType" NOT NULL,
    "billing_period" "BillingPeriod" NOT NULL,
    "unit_description" TEXT NOT NULL,
    "unit_definition" TEXT,
    "range_description" TEXT,
    "status" "PriceStatus" NOT NULL DEFAULT 'DRAFT',
    "currency" TEXT NOT NULL DEFAULT 'GBP',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "prices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "price_tiers" (
    "id" TEXT NOT NULL,
    "price_id" TEXT NOT NULL,
    "lower_range" INTEGER NOT NULL,
    "upper_range" INTEGER,
    "price" DECIMAL(18,4) NOT NULL,

    CONSTRAINT "price_tiers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assurance_records" (
    "id" TEXT NOT NULL,
    "standard_id" TEXT NOT NULL,
    "supplier_id" INTEGER NOT NULL,
    "catalogue_item_id" TEXT,
    "status" "AssuranceStatus" NOT NULL,
    "assured_on" DATE NOT NULL,
    "expires_on" DATE,
    "certificate_number" TEXT,
    "evidence_document_id" TEXT,
    "recorded_by_id" TEXT,
    "remediation_plan" TEXT,
    "remediation_deadline" DATE,
    "last_notice_days" INTEGER,
    "lapsed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "assurance_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evidence_documents" (
    "id" TEXT NOT NULL,
    "supplier_id" INTEGER NOT NULL,
    "assurance_record_id" TEXT,
    "file_name" TEXT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "mime_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "uploaded_by_id" TEXT NOT NULL,
    "status" "EvidenceStatus" NOT NULL DEFAULT 'PENDING',
    "rejection_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evidence_documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organisations" (
    "id" TEXT NOT NULL,
    "ods_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "OrganisationType" NOT NULL,
    "ods_role" TEXT,
    "parent_id" TEXT,
    "icb_id" TEXT,
    "practice_list_size" INTEGER,
    "list_size_updated_on" DATE,
    "supplier_id" INTEGER,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "address_line_1" TEXT,
    "address_line_2" TEXT,
    "town" TEXT,
    "county" TEXT,
    "postcode" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "organisations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "role" "UserRole" NOT NULL,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "failed_login_count" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "last_login_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invitations" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "role" "UserRole" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "invited_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invitations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "allowed_email_domains" (
    "id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "allowed_email_domains_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "csrf_secret" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3),
    "ip" TEXT,
    "user_agent" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "login_attempts" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "succeeded" BOOLEAN NOT NULL,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "login_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders" (
    "id" TEXT NOT NULL,
    "call_off_number" SERIAL NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "organisation_id" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "status" "OrderStatus" NOT NULL DEFAULT 'IN_PROGRESS',
    "order_type" "OrderType" NOT NULL DEFAULT 'NEW',
    "framework_id" TEXT,
    "supplier_id" INTEGER,
    "supplier_contact_id" TEXT,
    "ordering_party_contact_name" TEXT,
    "ordering_party_contact_email" TEXT,
    "ordering_party_contact_phone" TEXT,
    "commencement_date" DATE,
    "initial_period_months" INTEGER,
    "maximum_term_months" INTEGER,
    "renews_contract_id" TEXT,
    "replaces_contract_id" TEXT,
    "completed_at" TIMESTAMPTZ(3),
    "completion_key" TEXT,
    "progress" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_items" (
    "id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "catalogue_item_id" TEXT NOT NULL,
    "price_id" TEXT NOT NULL,
    "price_snapshot" JSONB NOT NULL,
    "agreed_price" DECIMAL(18,4) NOT NULL,
    "funding_type" "OrderFundingType",
    "estimation_period" "BillingPeriod",
    "planned_delivery_date" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "order_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_recipients" (
    "order_id" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,

    CONSTRAINT "order_recipients_pkey" PRIMARY KEY ("order_id","organisation_id")
);

-- CreateTable
CREATE TABLE "order_item_recipient_quantities" (
    "order_item_id" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "delivery_date" DATE,

    CONSTRAINT "order_item_recipient_quantities_pkey" PRIMARY KEY ("order_item_id","organisation_id")
);

-- CreateTable
CREATE TABLE "order_milestones" (
    "id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "payment_trigger" BOOLEAN NOT NULL DEFAULT false,
    "due_on" DATE,

    CONSTRAINT "order_milestones_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contracts" (
    "id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "call_off_number" INTEGER NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "supplier_id" INTEGER NOT NULL,
    "solution_id" TEXT NOT NULL,
    "framework_id" TEXT NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE NOT NULL,
    "status" "ContractStatus" NOT NULL DEFAULT 'ACTIVE',
    "renews_contract_id" TEXT,
    "payment_state" "PaymentState" NOT NULL DEFAULT 'NOT_BILLED',
    "stripe_customer_id" TEXT,
    "stripe_subscription_id" TEXT,
    "annual_value" DECIMAL(18,4) NOT NULL,
    "total_value" DECIMAL(18,4) NOT NULL,
    "patients_covered" INTEGER NOT NULL DEFAULT 0,
    "reminders_sent" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "termination_reason" TEXT,
    "terminated_on" DATE,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "contracts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "termination_flags" (
    "id" TEXT NOT NULL,
    "contract_id" TEXT NOT NULL,
    "reason" "TerminationReason" NOT NULL,
    "assurance_record_id" TEXT,
    "status" "TerminationFlagStatus" NOT NULL DEFAULT 'OPEN',
    "raised_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by_id" TEXT,
    "resolution_reason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "termination_flags_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "termination_notices" (
    "id" TEXT NOT NULL,
    "contract_id" TEXT NOT NULL,
    "flag_id" TEXT,
    "issued_by_id" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "notice_period_months" INTEGER NOT NULL,
    "terminates_on" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "initiated_by" "TerminationInitiator" NOT NULL,

    CONSTRAINT "termination_notices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shortlists" (
    "id" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "query" JSONB NOT NULL,
    "result_ids_at_save" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shortlists_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stripe_events" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),

    CONSTRAINT "stripe_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "actor_user_id" TEXT,
    "actor_role" "UserRole",
    "organisation_id" TEXT,
    "action" TEXT NOT NULL,
    "object_type" TEXT NOT NULL,
    "object_id" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "ip" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_messages" (
    "id" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "dedupe_key" TEXT,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "available_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "processed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "emails" (
    "id" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text_body" TEXT NOT NULL,
    "html_body" TEXT,
    "status" "EmailStatus" NOT NULL DEFAULT 'QUEUED',
    "outbox_message_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "emails_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "frameworks_status_idx" ON "frameworks"("status");

-- CreateIndex
CREATE INDEX "framework_capabilities_capability_id_idx" ON "framework_capabilities"("capability_id");

-- CreateIndex
CREATE INDEX "framework_standards_standard_id_idx" ON "framework_standards"("standard_id");

-- CreateIndex
CREATE UNIQUE INDEX "capability_categories_name_key" ON "capability_categories"("name");

-- CreateIndex
CREATE UNIQUE INDEX "capabilities_number_key" ON "capabilities"("number");

-- CreateIndex
CREATE INDEX "capabilities_category_id_idx" ON "capabilities"("category_id");

-- CreateIndex
CREATE INDEX "capabilities_status_idx" ON "capabilities"("status");

-- CreateIndex
CREATE INDEX "epics_capability_id_idx" ON "epics"("capability_id");

-- CreateIndex
CREATE INDEX "standards_kind_idx" ON "standards"("kind");

-- CreateIndex
CREATE INDEX "suppliers_name_idx" ON "suppliers"("name");

-- CreateIndex
CREATE INDEX "suppliers_name_trgm_idx" ON "suppliers" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "supplier_contacts_supplier_id_idx" ON "supplier_contacts"("supplier_id");

-- CreateIndex
CREATE UNIQUE INDEX "catalogue_items_published_revision_id_key" ON "catalogue_items"("published_revision_id");

-- CreateIndex
CREATE INDEX "catalogue_items_supplier_id_idx" ON "catalogue_items"("supplier_id");

-- CreateIndex
CREATE INDEX "catalogue_items_parent_solution_id_idx" ON "catalogue_items"("parent_solution_id");

-- CreateIndex
CREATE INDEX "catalogue_items_kind_publication_status_idx" ON "catalogue_items"("kind", "publication_status");

-- CreateIndex
CREATE INDEX "catalogue_items_publication_status_idx" ON "catalogue_items"("publication_status");

-- CreateIndex
CREATE INDEX "catalogue_items_name_trgm_idx" ON "catalogue_items" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "listing_revisions_status_idx" ON "listing_revisions"("status");

-- CreateIndex
CREATE UNIQUE INDEX "listing_revisions_catalogue_item_id_number_key" ON "listing_revisions"("catalogue_item_id", "number");

-- CreateIndex
CREATE INDEX "solution_capabilities_capability_id_assessment_result_idx" ON "solution_capabilities"("capability_id", "assessment_result");

-- CreateIndex
CREATE INDEX "solution_epics_epic_id_result_idx" ON "solution_epics"("epic_id", "result");

-- CreateIndex
CREATE UNIQUE INDEX "integration_types_name_key" ON "integration_types"("name");

-- CreateIndex
CREATE INDEX "solution_integrations_integration_type_id_role_idx" ON "solution_integrations"("integration_type_id", "role");

-- CreateIndex
CREATE UNIQUE INDEX "solution_integrations_catalogue_item_id_integration_type_id_key" ON "solution_integrations"("catalogue_item_id", "integration_type_id", "role");

-- CreateIndex
CREATE INDEX "solution_hosting_types_hosting_type_idx" ON "solution_hosting_types"("hosting_type");

-- CreateIndex
CREATE INDEX "solution_application_types_application_type_idx" ON "solution_application_types"("application_type");

-- CreateIndex
CREATE INDEX "framework_solutions_framework_id_idx" ON "framework_solutions"("framework_id");

-- CreateIndex
CREATE INDEX "search_documents_search_vector_idx" ON "search_documents" USING GIN ("search_vector");

-- CreateIndex
CREATE INDEX "search_documents_title_trgm_idx" ON "search_documents" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "prices_catalogue_item_id_status_idx" ON "prices"("catalogue_item_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "price_tiers_price_id_lower_range_key" ON "price_tiers"("price_id", "lower_range");

-- CreateIndex
CREATE UNIQUE INDEX "assurance_records_evidence_document_id_key" ON "assurance_records"("evidence_document_id");

-- CreateIndex
CREATE INDEX "assurance_records_supplier_id_idx" ON "assurance_records"("supplier_id");

-- CreateIndex
CREATE INDEX "assurance_records_catalogue_item_id_idx" ON "assurance_records"("catalogue_item_id");

-- CreateIndex
CREATE INDEX "assurance_records_status_expires_on_idx" ON "assurance_records"("status", "expires_on");

-- CreateIndex
CREATE INDEX "assurance_records_expires_on_idx" ON "assurance_records"("expires_on");

-- CreateIndex
CREATE UNIQUE INDEX "assurance_records_standard_id_supplier_id_catalogue_item_id_key" ON "assurance_records"("standard_id", "supplier_id", "catalogue_item_id");

-- CreateIndex
CREATE UNIQUE INDEX "evidence_documents_storage_key_key" ON "evidence_documents"("storage_key");

-- CreateIndex
CREATE INDEX "evidence_documents_supplier_id_idx" ON "evidence_documents"("supplier_id");

-- CreateIndex
CREATE INDEX "evidence_documents_assurance_record_id_idx" ON "evidence_documents"("assurance_record_id");

-- CreateIndex
CREATE UNIQUE INDEX "organisations_ods_code_key" ON "organisations"("ods_code");

-- CreateIndex
CREATE UNIQUE INDEX "organisations_supplier_id_key" ON "organisations"("supplier_id");

-- CreateIndex
CREATE INDEX "organisations_parent_id_idx" ON "organisations"("parent_id");

-- CreateIndex
CREATE INDEX "organisations_icb_id_idx" ON "organisations"("icb_id");

-- CreateIndex
CREATE INDEX "organisations_type_idx" ON "organisations"("type");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "users_organisation_id_idx" ON "users"("organisation_id");

-- CreateIndex
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations"("token_hash");

-- CreateIndex
CREATE INDEX "invitations_organisation_id_idx" ON "invitations"("organisation_id");

-- CreateIndex
CREATE INDEX "invitations_email_idx" ON "invitations"("email");

-- CreateIndex
CREATE UNIQUE INDEX "allowed_email_domains_domain_key" ON "allowed_email_domains"("domain");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE INDEX "sessions_expires_at_idx" ON "sessions"("expires_at");

-- CreateIndex
CREATE INDEX "login_attempts_key_attempted_at_idx" ON "login_attempts"("key", "attempted_at");

-- CreateIndex
CREATE INDEX "login_attempts_attempted_at_idx" ON "login_attempts"("attempted_at");

-- CreateIndex
CREATE UNIQUE INDEX "orders_completion_key_key" ON "orders"("completion_key");

-- CreateIndex
CREATE INDEX "orders_organisation_id_status_idx" ON "orders"("organisation_id", "status");

-- CreateIndex
CREATE INDEX "orders_supplier_id_status_idx" ON "orders"("supplier_id", "status");

-- CreateIndex
CREATE INDEX "orders_status_idx" ON "orders"("status");

-- CreateIndex
CREATE INDEX "orders_renews_contract_id_idx" ON "orders"("renews_contract_id");

-- CreateIndex
CREATE INDEX "orders_replaces_contract_id_idx" ON "orders"("replaces_contract_id");

-- CreateIndex
CREATE UNIQUE INDEX "orders_call_off_number_revision_key" ON "orders"("call_off_number", "revision");

-- CreateIndex
CREATE INDEX "order_items_catalogue_item_id_idx" ON "order_items"("catalogue_item_id");

-- CreateIndex
CREATE INDEX "order_items_price_id_idx" ON "order_items"("price_id");

-- CreateIndex
CREATE UNIQUE INDEX "order_items_order_id_catalogue_item_id_key" ON "order_items"("order_id", "catalogue_item_id");

-- CreateIndex
CREATE INDEX "order_recipients_organisation_id_idx" ON "order_recipients"("organisation_id");

-- CreateIndex
CREATE INDEX "order_item_recipient_quantities_organisation_id_idx" ON "order_item_recipient_quantities"("organisation_id");

-- CreateIndex
CREATE UNIQUE INDEX "order_milestones_order_id_sequence_key" ON "order_milestones"("order_id", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "contracts_order_id_key" ON "contracts"("order_id");

-- CreateIndex
CREATE UNIQUE INDEX "contracts_renews_contract_id_key" ON "contracts"("renews_contract_id");

-- CreateIndex
CREATE UNIQUE INDEX "contracts_stripe_subscription_id_key" ON "contracts"("stripe_subscription_id");

-- CreateIndex
CREATE INDEX "contracts_organisation_id_status_idx" ON "contracts"("organisation_id", "status");

-- CreateIndex
CREATE INDEX "contracts_supplier_id_status_idx" ON "contracts"("supplier_id", "status");

-- CreateIndex
CREATE INDEX "contracts_solution_id_status_idx" ON "contracts"("solution_id", "status");

-- CreateIndex
CREATE INDEX "contracts_status_end_date_idx" ON "contracts"("status", "end_date");

-- CreateIndex
CREATE INDEX "contracts_end_date_idx" ON "contracts"("end_date");

-- CreateIndex
CREATE INDEX "contracts_call_off_number_idx" ON "contracts"("call_off_number");

-- CreateIndex
CREATE INDEX "termination_flags_contract_id_idx" ON "termination_flags"("contract_id");

-- CreateIndex
CREATE INDEX "termination_flags_status_raised_at_idx" ON "termination_flags"("status", "raised_at");

-- CreateIndex
CREATE INDEX "termination_flags_assurance_record_id_idx" ON "termination_flags"("assurance_record_id");

-- CreateIndex
CREATE INDEX "termination_notices_contract_id_idx" ON "termination_notices"("contract_id");

-- CreateIndex
CREATE INDEX "termination_notices_flag_id_idx" ON "termination_notices"("flag_id");

-- CreateIndex
CREATE INDEX "shortlists_organisation_id_idx" ON "shortlists"("organisation_id");

-- CreateIndex
CREATE INDEX "audit_events_object_type_object_id_idx" ON "audit_events"("object_type", "object_id");

-- CreateIndex
CREATE INDEX "audit_events_actor_user_id_idx" ON "audit_events"("actor_user_id");

-- CreateIndex
CREATE INDEX "audit_events_organisation_id_idx" ON "audit_events"("organisation_id");

-- CreateIndex
CREATE INDEX "audit_events_occurred_at_idx" ON "audit_events"("occurred_at");

-- CreateIndex
CREATE INDEX "audit_events_action_idx" ON "audit_events"("action");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_messages_dedupe_key_key" ON "outbox_messages"("dedupe_key");

-- CreateIndex
CREATE INDEX "outbox_messages_status_available_at_idx" ON "outbox_messages"("status", "available_at");

-- CreateIndex
CREATE INDEX "outbox_messages_topic_idx" ON "outbox_messages"("topic");

-- CreateIndex
CREATE INDEX "emails_to_idx" ON "emails"("to");

-- CreateIndex
CREATE INDEX "emails_created_at_idx" ON "emails"("created_at");

-- CreateIndex
CREATE INDEX "emails_outbox_message_id_idx" ON "emails"("outbox_message_id");

-- AddForeignKey
ALTER TABLE "framework_capabilities" ADD CONSTRAINT "framework_capabilities_framework_id_fkey" FOREIGN KEY ("framework_id") REFERENCES "frameworks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "framework_capabilities" ADD CONSTRAINT "framework_capabilities_capability_id_fkey" FOREIGN KEY ("capability_id") REFERENCES "capabilities"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "framework_standards" ADD CONSTRAINT "framework_standards_framework_id_fkey" FOREIGN KEY ("framework_id") REFERENCES "frameworks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "framework_standards" ADD CONSTRAINT "framework_standards_standard_id_fkey" FOREIGN KEY ("standard_id") REFERENCES "standards"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "capabilities" ADD CONSTRAINT "capabilities_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "capability_categories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "epics" ADD CONSTRAINT "epics_capability_id_fkey" FOREIGN KEY ("capability_id") REFERENCES "capabilities"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supplier_contacts" ADD CONSTRAINT "supplier_contacts_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "suppliers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalogue_items" ADD CONSTRAINT "catalogue_items_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "suppliers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalogue_items" ADD CONSTRAINT "catalogue_items_parent_solution_id_fkey" FOREIGN KEY ("parent_solution_id") REFERENCES "catalogue_items"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalogue_items" ADD CONSTRAINT "catalogue_items_published_revision_id_fkey" FOREIGN KEY ("published_revision_id") REFERENCES "listing_revisions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "listing_revisions" ADD CONSTRAINT "listing_revisions_catalogue_item_id_fkey" FOREIGN KEY ("catalogue_item_id") REFERENCES "catalogue_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "listing_revisions" ADD CONSTRAINT "listing_revisions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "listing_revisions" ADD CONSTRAINT "listing_revisions_reviewed_by_id_fkey" FOREIGN KEY ("reviewed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "solution_capabilities" ADD CONSTRAINT "solution_capabilities_catalogue_item_id_fkey" FOREIGN KEY ("catalogue_item_id") REFERENCES "catalogue_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "solution_capabilities" ADD CONSTRAINT "solution_capabilities_capability_id_fkey" FOREIGN KEY ("capability_id") REFERENCES "capabilities"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "solution_epics" ADD CONSTRAINT "solution_epics_catalogue_item_id_fkey" FOREIGN KEY ("catalogue_item_id") REFERENCES "catalogue_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "solution_epics" ADD CONSTRAINT "solution_epics_epic_id_fkey" FOREIGN KEY ("epic_id") REFERENCES "epics"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "integration_types" ADD CONSTRAINT "integration_types_standard_id_fkey" FOREIGN KEY ("standard_id") REFERENCES "standards"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "solution_integrations" ADD CONSTRAINT "solution_integrations_catalogue_item_id_fkey" FOREIGN KEY ("catalogue_item_id") REFERENCES "catalogue_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "solution_integrations" ADD CONSTRAINT "solution_integrations_integration_type_id_fkey" FOREIGN KEY ("integration_type_id") REFERENCES "integration_types"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "solution_hosting_types" ADD CONSTRAINT "solution_hosting_types_catalogue_item_id_fkey" FOREIGN KEY ("catalogue_item_id") REFERENCES "catalogue_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "solution_application_types" ADD CONSTRAINT "solution_application_types_catalogue_item_id_fkey" FOREIGN KEY ("catalogue_item_id") REFERENCES "catalogue_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "framework_solutions" ADD CONSTRAINT "framework_solutions_catalogue_item_id_fkey" FOREIGN KEY ("catalogue_item_id") REFERENCES "catalogue_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "framework_solutions" ADD CONSTRAINT "framework_solutions_framework_id_fkey" FOREIGN KEY ("framework_id") REFERENCES "frameworks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "search_documents" ADD CONSTRAINT "search_documents_catalogue_item_id_fkey" FOREIGN KEY ("catalogue_item_id") REFERENCES "catalogue_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prices" ADD CONSTRAINT "prices_catalogue_item_id_fkey" FOREIGN KEY ("catalogue_item_id") REFERENCES "catalogue_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "price_tiers" ADD CONSTRAINT "price_tiers_price_id_fkey" FOREIGN KEY ("price_id") REFERENCES "prices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assurance_records" ADD CONSTRAINT "assurance_records_standard_id_fkey" FOREIGN KEY ("standard_id") REFERENCES "standards"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assurance_records" ADD CONSTRAINT "assurance_records_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "suppliers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assurance_records" ADD CONSTRAINT "assurance_records_catalogue_item_id_fkey" FOREIGN KEY ("catalogue_item_id") REFERENCES "catalogue_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assurance_records" ADD CONSTRAINT "assurance_records_evidence_document_id_fkey" FOREIGN KEY ("evidence_document_id") REFERENCES "evidence_documents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assurance_records" ADD CONSTRAINT "assurance_records_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence_documents" ADD CONSTRAINT "evidence_documents_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "suppliers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence_documents" ADD CONSTRAINT "evidence_documents_assurance_record_id_fkey" FOREIGN KEY ("assurance_record_id") REFERENCES "assurance_records"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence_documents" ADD CONSTRAINT "evidence_documents_uploaded_by_id_fkey" FOREIGN KEY ("uploaded_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "organisations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_icb_id_fkey" FOREIGN KEY ("icb_id") REFERENCES "organisations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "suppliers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_id_fkey" FOREIGN KEY ("invited_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "allowed_email_domains" ADD CONSTRAINT "allowed_email_domains_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_framework_id_fkey" FOREIGN KEY ("framework_id") REFERENCES "frameworks"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "suppliers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_supplier_contact_id_fkey" FOREIGN KEY ("supplier_contact_id") REFERENCES "supplier_contacts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_renews_contract_id_fkey" FOREIGN KEY ("renews_contract_id") REFERENCES "contracts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_replaces_contract_id_fkey" FOREIGN KEY ("replaces_contract_id") REFERENCES "contracts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_catalogue_item_id_fkey" FOREIGN KEY ("catalogue_item_id") REFERENCES "catalogue_items"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_price_id_fkey" FOREIGN KEY ("price_id") REFERENCES "prices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_recipients" ADD CONSTRAINT "order_recipients_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_recipients" ADD CONSTRAINT "order_recipients_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_item_recipient_quantities" ADD CONSTRAINT "order_item_recipient_quantities_order_item_id_fkey" FOREIGN KEY ("order_item_id") REFERENCES "order_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_item_recipient_quantities" ADD CONSTRAINT "order_item_recipient_quantities_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_milestones" ADD CONSTRAINT "order_milestones_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "suppliers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_solution_id_fkey" FOREIGN KEY ("solution_id") REFERENCES "catalogue_items"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_framework_id_fkey" FOREIGN KEY ("framework_id") REFERENCES "frameworks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_renews_contract_id_fkey" FOREIGN KEY ("renews_contract_id") REFERENCES "contracts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "termination_flags" ADD CONSTRAINT "termination_flags_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "termination_flags" ADD CONSTRAINT "termination_flags_assurance_record_id_fkey" FOREIGN KEY ("assurance_record_id") REFERENCES "assurance_records"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "termination_flags" ADD CONSTRAINT "termination_flags_resolved_by_id_fkey" FOREIGN KEY ("resolved_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "termination_notices" ADD CONSTRAINT "termination_notices_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "termination_notices" ADD CONSTRAINT "termination_notices_flag_id_fkey" FOREIGN KEY ("flag_id") REFERENCES "termination_flags"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "termination_notices" ADD CONSTRAINT "termination_notices_issued_by_id_fkey" FOREIGN KEY ("issued_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shortlists" ADD CONSTRAINT "shortlists_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shortlists" ADD CONSTRAINT "shortlists_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "emails" ADD CONSTRAINT "emails_outbox_message_id_fkey" FOREIGN KEY ("outbox_message_id") REFERENCES "outbox_messages"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: prisma/constraints.sql
-- Database rules that prisma/schema.prisma cannot express. Appended to the first migration,
-- and safe to run again (IF NOT EXISTS, or DROP … IF EXISTS before CREATE).
-- The code validates the same rules with clear messages: these are the last line of defence.
-- No semicolons inside comments: Prisma's migration runner splits the script on them.


-- ───────────── Call-off numbers ─────────────
-- orders.call_off_number is a SERIAL (sequence orders_call_off_number_seq). Call-off ids are
-- C + 6 digits, and the first order is C010001-01, so the sequence starts at 10001. Never moves
-- the sequence backwards, so re-running this is harmless.
SELECT setval(
  'orders_call_off_number_seq',
  GREATEST(
    10000,
    (SELECT last_value FROM orders_call_off_number_seq),
    COALESCE((SELECT max(call_off_number) FROM orders), 0)
  ),
  true
);

-- ───────────── CHECK constraints ─────────────
ALTER TABLE frameworks DROP CONSTRAINT IF EXISTS frameworks_max_term_months_check;
ALTER TABLE frameworks ADD CONSTRAINT frameworks_max_term_months_check
  CHECK (max_term_months BETWEEN 1 AND 36);

ALTER TABLE frameworks DROP CONSTRAINT IF EXISTS frameworks_dates_check;
ALTER TABLE frameworks ADD CONSTRAINT frameworks_dates_check
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on > starts_on);

ALTER TABLE standards DROP CONSTRAINT IF EXISTS standards_cycle_check;
ALTER TABLE standards ADD CONSTRAINT standards_cycle_check
  CHECK ((cycle_months IS NULL OR cycle_months > 0) AND warning_window_days >= 0);

ALTER TABLE standards DROP CONSTRAINT IF EXISTS standards_annual_deadline_check;
ALTER TABLE standards ADD CONSTRAINT standards_annual_deadline_check
  CHECK (annual_deadline IS NULL OR annual_deadline ~ '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$');

ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS suppliers_id_check;
ALTER TABLE suppliers ADD CONSTRAINT suppliers_id_check CHECK (id > 0);

-- An Additional Service always belongs to a solution, and nothing else has a parent.
ALTER TABLE catalogue_items DROP CONSTRAINT IF EXISTS catalogue_items_parent_check;
ALTER TABLE catalogue_items ADD CONSTRAINT catalogue_items_parent_check
  CHECK ((kind = 'ADDITIONAL_SERVICE') = (parent_solution_id IS NOT NULL));

ALTER TABLE catalogue_items DROP CONSTRAINT IF EXISTS catalogue_items_remediation_check;
ALTER TABLE catalogue_items ADD CONSTRAINT catalogue_items_remediation_check
  CHECK (publication_status <> 'IN_REMEDIATION' OR remediation_deadline IS NOT NULL);

ALTER TABLE listing_revisions DROP CONSTRAINT IF EXISTS listing_revisions_number_check;
ALTER TABLE listing_revisions ADD CONSTRAINT listing_revisions_number_check CHECK (number >= 1);

ALTER TABLE price_tiers DROP CONSTRAINT IF EXISTS price_tiers_range_check;
ALTER TABLE price_tiers ADD CONSTRAINT price_tiers_range_check
  CHECK (lower_range >= 1 AND (upper_range IS NULL OR upper_range > lower_range));

ALTER TABLE price_tiers DROP CONSTRAINT IF EXISTS price_tiers_price_check;
ALTER TABLE price_tiers ADD CONSTRAINT price_tiers_price_check CHECK (price >= 0);

ALTER TABLE prices DROP CONSTRAINT IF EXISTS prices_currency_check;
ALTER TABLE prices ADD CONSTRAINT prices_currency_check CHECK (currency = 'GBP');

ALTER TABLE assurance_records DROP CONSTRAINT IF EXISTS assurance_records_dates_check;
ALTER TABLE assurance_records ADD CONSTRAINT assurance_records_dates_check
  CHECK (expires_on IS NULL OR expires_on > assured_on);

ALTER TABLE assurance_records DROP CONSTRAINT IF EXISTS assurance_records_remediation_check;
ALTER TABLE assurance_records ADD CONSTRAINT assurance_records_remediation_check
  CHECK (status <> 'IN_REMEDIATION' OR remediation_deadline IS NOT NULL);

ALTER TABLE assurance_records DROP CONSTRAINT IF EXISTS assurance_records_last_notice_days_check;
ALTER TABLE assurance_records ADD CONSTRAINT assurance_records_last_notice_days_check
  CHECK (last_notice_days IS NULL OR last_notice_days > 0);

ALTER TABLE evidence_documents DROP CONSTRAINT IF EXISTS evidence_documents_size_check;
ALTER TABLE evidence_documents ADD CONSTRAINT evidence_documents_size_check CHECK (size_bytes > 0);

ALTER TABLE organisations DROP CONSTRAINT IF EXISTS organisations_list_size_check;
ALTER TABLE organisations ADD CONSTRAINT organisations_list_size_check
  CHECK (practice_list_size IS NULL OR practice_list_size >= 0);

-- A supplier organisation is linked to its supplier, and only supplier organisations are.
ALTER TABLE organisations DROP CONSTRAINT IF EXISTS organisations_supplier_check;
ALTER TABLE organisations ADD CONSTRAINT organisations_supplier_check
  CHECK ((type = 'SUPPLIER') = (supplier_id IS NOT NULL));

-- Emails are compared case-insensitively by storing them lowercase.
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_email_lowercase_check;
ALTER TABLE users ADD CONSTRAINT users_email_lowercase_check CHECK (email = lower(email));

ALTER TABLE users DROP CONSTRAINT IF EXISTS users_failed_login_count_check;
ALTER TABLE users ADD CONSTRAINT users_failed_login_count_check CHECK (failed_login_count >= 0);

ALTER TABLE invitations DROP CONSTRAINT IF EXISTS invitations_email_lowercase_check;
ALTER TABLE invitations ADD CONSTRAINT invitations_email_lowercase_check CHECK (email = lower(email));

ALTER TABLE allowed_email_domains DROP CONSTRAINT IF EXISTS allowed_email_domains_lowercase_check;
ALTER TABLE allowed_email_domains ADD CONSTRAINT allowed_email_domains_lowercase_check
  CHECK (domain = lower(domain));

ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_revision_check;
ALTER TABLE orders ADD CONSTRAINT orders_revision_check CHECK (revision >= 1);

-- The framework's own maximum (≤ 36) is checked in code. The maximum term must leave at least
-- one month beyond the initial period.
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_term_check;
ALTER TABLE orders ADD CONSTRAINT orders_term_check
  CHECK (
    (maximum_term_months IS NULL OR maximum_term_months BETWEEN 1 AND 36)
    AND (initial_period_months IS NULL OR initial_period_months >= 1)
    AND (initial_period_months IS NULL OR maximum_term_months IS NULL
         OR maximum_term_months >= initial_period_months + 1)
  );

ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_completion_check;
ALTER TABLE orders ADD CONSTRAINT orders_completion_check
  CHECK (status <> 'COMPLETED' OR completed_at IS NOT NULL);

ALTER TABLE order_items DROP CONSTRAINT IF EXISTS order_items_agreed_price_check;
ALTER TABLE order_items ADD CONSTRAINT order_items_agreed_price_check CHECK (agreed_price >= 0);

ALTER TABLE order_item_recipient_quantities DROP CONSTRAINT IF EXISTS order_item_recipient_quantities_quantity_check;
ALTER TABLE order_item_recipient_quantities ADD CONSTRAINT order_item_recipient_quantities_quantity_check
  CHECK (quantity > 0);

ALTER TABLE order_milestones DROP CONSTRAINT IF EXISTS order_milestones_sequence_check;
ALTER TABLE order_milestones ADD CONSTRAINT order_milestones_sequence_check CHECK (sequence >= 1);

ALTER TABLE contracts DROP CONSTRAINT IF EXISTS contracts_dates_check;
ALTER TABLE contracts ADD CONSTRAINT contracts_dates_check CHECK (end_date >= start_date);

ALTER TABLE contracts DROP CONSTRAINT IF EXISTS contracts_values_check;
ALTER TABLE contracts ADD CONSTRAINT contracts_values_check
  CHECK (annual_value >= 0 AND total_value >= 0 AND patients_covered >= 0);

ALTER TABLE contracts DROP CONSTRAINT IF EXISTS contracts_not_self_renewal_check;
ALTER TABLE contracts ADD CONSTRAINT contracts_not_self_renewal_check
  CHECK (renews_contract_id IS NULL OR renews_contract_id <> id);

ALTER TABLE termination_flags DROP CONSTRAINT IF EXISTS termination_flags_resolution_check;
ALTER TABLE termination_flags ADD CONSTRAINT termination_flags_resolution_check
  CHECK (status <> 'CLEARED' OR resolved_at IS NOT NULL);

ALTER TABLE termination_notices DROP CONSTRAINT IF EXISTS termination_notices_period_check;
ALTER TABLE termination_notices ADD CONSTRAINT termination_notices_period_check
  CHECK (notice_period_months >= 0);

ALTER TABLE outbox_messages DROP CONSTRAINT IF EXISTS outbox_messages_attempts_check;
ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_attempts_check CHECK (attempts >= 0);

-- ───────────── Partial unique indexes ─────────────
-- At most one open (editable or in review) revision per catalogue item.
CREATE UNIQUE INDEX IF NOT EXISTS listing_revisions_one_open_per_item
  ON listing_revisions (catalogue_item_id)
  WHERE status IN ('DRAFT', 'SUBMITTED', 'CHANGES_REQUESTED');

-- The (standard, supplier, item) unique key treats NULL items as distinct, so supplier-level
-- assurances need their own rule.
CREATE UNIQUE INDEX IF NOT EXISTS assurance_records_supplier_level_key
  ON assurance_records (standard_id, supplier_id)
  WHERE catalogue_item_id IS NULL;

-- One open termination flag per contract: two staff acting on one lapse cannot double-flag.
CREATE UNIQUE INDEX IF NOT EXISTS termination_flags_one_open_per_contract
  ON termination_flags (contract_id)
  WHERE status = 'OPEN';

-- Search indexes (GIN over tsvector and pg_trgm) are declared in schema.prisma.

-- ───────────── Audit trail is append-only ─────────────
-- The body is an E'' string with the statement terminator written as the octal escape \073,
-- so the script contains no literal semicolon inside the function (see the note at the top).
CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS E'BEGIN RAISE EXCEPTION ''audit_event is append-only''\073 END'
;

DROP TRIGGER IF EXISTS audit_events_no_update_or_delete ON audit_events;
CREATE TRIGGER audit_events_no_update_or_delete
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();

DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events;
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();

