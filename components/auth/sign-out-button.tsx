import { signOutAction } from "@/lib/actions/auth";
import { Button } from "@/components/ui/button";

// A form, so signing out works without JavaScript too.
export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <Button type="submit" variant="ghost">
        Sign out
      </Button>
    </form>
  );
}
