// Who is signed in: an organiser's account (organiser, or an editor or reviewer of the
// monitor). Shared by the services that check roles and the server that signs people in.
export interface Account {
  id: number;
  username: string;
  role: string;
}
