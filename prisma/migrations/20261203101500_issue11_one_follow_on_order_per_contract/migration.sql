-- One open follow-on order per contract, enforced by the database so that concurrent
-- "Start renewal" or "Start replacement" posts land on the same order (the start functions
-- return the order the winner created), and a contract is replaced by at most one
-- completed order (two competing replacement submits give one new contract).
CREATE UNIQUE INDEX IF NOT EXISTS orders_one_open_renewal_per_contract
  ON orders (renews_contract_id)
  WHERE status = 'IN_PROGRESS' AND renews_contract_id IS NOT NULL;

CREATE UNIQUE INDEX IF NOT EXISTS orders_one_open_replacement_per_contract
  ON orders (replaces_contract_id)
  WHERE status = 'IN_PROGRESS' AND replaces_contract_id IS NOT NULL;

-- A completed replacement stays the contract's replacement when it is later terminated.
CREATE UNIQUE INDEX IF NOT EXISTS orders_one_completed_replacement_per_contract
  ON orders (replaces_contract_id)
  WHERE status IN ('COMPLETED', 'TERMINATED') AND replaces_contract_id IS NOT NULL;
