-- A dose can be read before its appointment is projected (a walk-in's dose, the read model behind): the projection
-- looks the appointment's doses up when it writes the appointment (AppointmentProjection.markAttended).
CREATE INDEX dose_given_appointment ON dose_given (appointment_id) WHERE appointment_id IS NOT NULL;
