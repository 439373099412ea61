export const handle = { title: "Request sent" };

export default function RequestSent() {
  return (
    <div className="desktop:w-2/3">
      <h1>Request sent</h1>
      <p>We have sent your request to be decided. You will get an email either way: an invitation to set your password if it is approved, or the reason if it is declined.</p>
      <p>If you already have an account with that email address, we have emailed you instead.</p>
      <p>
        <a href="/">Go to the Buying Catalogue home page</a>
      </p>
    </div>
  );
}
