-- A fee paid on the provider's checkout page (Stripe Checkout, or the local provider's page): the charge stays PENDING
-- with the page's address until the provider reports the outcome (webhook) or the page expires.
ALTER TABLE payment ADD COLUMN checkout_url text;
