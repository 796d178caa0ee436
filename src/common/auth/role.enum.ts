export enum Role {
  Patient = 'patient',
  Doctor = 'doctor',
  Admin = 'admin',
}
